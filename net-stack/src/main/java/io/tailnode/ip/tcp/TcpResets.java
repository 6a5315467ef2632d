package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * RSTs owed to peers that have no connection (RFC 9293 §3.10.7.1: segments to closed ports, bad ACKs in
 * SYN states, aborts): a fixed queue of the few fields an RST needs, emptied by poll(). Full means the
 * answer is not sent (counted as RESET_QUEUE_FULL), which bounds the work a flood of junk can cause.
 */
final class TcpResets {
    private final int[] versions;
    private final byte[][] locals;
    private final byte[][] remotes;
    private final int[] localPorts;
    private final int[] remotePorts;
    private final int[] seqs;
    private final int[] acks;
    private final int[] flags;
    private int head;
    private int count;
    int sent;

    TcpResets(int capacity) {
        versions = new int[capacity];
        locals = new byte[capacity][16];
        remotes = new byte[capacity][16];
        localPorts = new int[capacity];
        remotePorts = new int[capacity];
        seqs = new int[capacity];
        acks = new int[capacity];
        flags = new int[capacity];
    }

    int count() {
        return count;
    }

    @HotPath
    boolean add(int version, byte[] local, int localPort, byte[] remote, int remotePort, int seq, int ack, int f) {
        if (count == versions.length) {
            return false;
        }
        int i = (head + count) % versions.length;
        int alen = version == 6 ? 16 : 4;
        versions[i] = version;
        System.arraycopy(local, 0, locals[i], 0, alen);
        System.arraycopy(remote, 0, remotes[i], 0, alen);
        localPorts[i] = localPort;
        remotePorts[i] = remotePort;
        seqs[i] = seq;
        acks[i] = ack;
        flags[i] = f;
        count++;
        return true;
    }

    /** Writes the oldest RST into {@code out}; returns its length or BUFFER_TOO_SMALL (kept queued). */
    @HotPath
    int emit(TcpOutput output, byte[] out, int off, int cap) {
        int i = head;
        int r = output.write(out, off, cap, versions[i], locals[i], remotes[i], localPorts[i], remotePorts[i],
                seqs[i], acks[i], flags[i], 0, 0, null, 0, 0);
        if (r > 0) {
            head = (head + 1) % versions.length;
            count--;
            sent++;
        }
        return r;
    }
}
