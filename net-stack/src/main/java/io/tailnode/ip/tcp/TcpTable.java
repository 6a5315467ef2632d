package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * The fixed connection table and listener table: slot allocation, 4-tuple lookup (a linear scan: tables hold
 * a handful of slots on a device), listener backlog counts, and the int handles given to services
 * ({@code generation << 12 | index}, so a handle to a reused slot is refused). Not thread-safe.
 */
final class TcpTable {
    final TcpSocket[] sockets;
    /** Listening port per listener id, 0 when free. */
    final int[] listenPorts;

    TcpTable(TcpConfig config) {
        sockets = new TcpSocket[config.maxSockets];
        for (int i = 0; i < sockets.length; i++) {
            sockets[i] = new TcpSocket(i, config);
        }
        listenPorts = new int[config.maxListeners];
    }

    int socketsInUse() {
        int n = 0;
        for (int i = 0; i < sockets.length; i++) {
            n += sockets[i].used ? 1 : 0;
        }
        return n;
    }

    void releaseIfDone(TcpSocket s) {
        if (s.used && s.state == TcpSocket.CLOSED && !s.appOwned) {
            s.used = false;
            s.listener = -1;
        }
    }

    int backlog(int l) {
        int n = 0;
        for (int i = 0; i < sockets.length; i++) {
            if (sockets[i].used && sockets[i].listener == l) {
                n++;
            }
        }
        return n;
    }

    int listenerFor(int port) {
        for (int i = 0; i < listenPorts.length; i++) {
            if (listenPorts[i] == port) {
                return i;
            }
        }
        return -1;
    }

    @HotPath
    TcpSocket find(int version, int localPort, int remotePort, byte[] remoteAddress) {
        int alen = version == 6 ? 16 : 4;
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (s.used && s.state != TcpSocket.CLOSED && s.version == version && s.localPort == localPort
                    && s.remotePort == remotePort && equal(remoteAddress, 0, s.remoteAddress, alen)) {
                return s;
            }
        }
        return null;
    }

    TcpSocket allocate(int version, byte[] localAddress, int mss, int localPort, int remotePort, byte[] remoteAddress) {
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (!s.used) {
                s.open(version, mss);
                int alen = version == 6 ? 16 : 4;
                System.arraycopy(localAddress, 0, s.localAddress, 0, alen);
                System.arraycopy(remoteAddress, 0, s.remoteAddress, 0, alen);
                s.localPort = localPort;
                s.remotePort = remotePort;
                return s;
            }
        }
        return null;
    }

    int handle(TcpSocket s) {
        return ((s.generation & 0x7ffff) << 12) | s.index;
    }

    TcpSocket lookup(int h) {
        if (h < 0) {
            return null;
        }
        int i = h & 0xfff;
        if (i >= sockets.length) {
            return null;
        }
        TcpSocket s = sockets[i];
        return s.used && s.appOwned && (s.generation & 0x7ffff) == (h >>> 12) ? s : null;
    }

    static boolean equal(byte[] a, int aOff, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (a[aOff + i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
