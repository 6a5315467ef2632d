package io.tailnode.sim.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams (IPv4 and IPv6, Ethernet or Linux-cooked link types) out of a classic pcap file as
 * tcpdump writes it, so replay tests can send captured WireGuard messages again. Other frames are skipped.
 */
public final class PcapUdp {
    /** One datagram: source/destination as "a.b.c.d" or the IPv6 text form, ports, UDP payload. */
    public record Datagram(String source, int sourcePort, String destination, int destinationPort, byte[] payload) {
        /** WireGuard message type (first payload byte), or -1 if empty. */
        public int wireGuardType() {
            return payload.length == 0 ? -1 : payload[0] & 0xff;
        }
    }

    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_RAW = 101;

    private PcapUdp() {
    }

    public static List<Datagram> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Datagram> out = new ArrayList<>();
        if (b.remaining() < 24) {
            return out;
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = b.getInt(20);
        int p = 24;
        while (p + 16 <= b.limit()) {
            int caplen = b.getInt(p + 8);
            int start = p + 16;
            if (caplen < 0 || start + caplen > b.limit()) {
                break;
            }
            byte[] frame = Arrays.copyOfRange(b.array(), start, start + caplen);
            Datagram d = parseFrame(frame, linkType);
            if (d != null) {
                out.add(d);
            }
            p = start + caplen;
        }
        return out;
    }

    private static Datagram parseFrame(byte[] f, int linkType) {
        int ip;
        if (linkType == LINKTYPE_ETHERNET) {
            ip = 14;
        } else if (linkType == LINKTYPE_LINUX_SLL) {
            ip = 16;
        } else if (linkType == LINKTYPE_RAW) {
            ip = 0;
        } else {
            return null;
        }
        if (f.length < ip + 1) {
            return null;
        }
        int version = (f[ip] & 0xff) >> 4;
        int udp;
        String src;
        String dst;
        if (version == 4 && f.length >= ip + 20 && (f[ip + 9] & 0xff) == 17) {
            udp = ip + (f[ip] & 0x0f) * 4;
            src = v4(f, ip + 12);
            dst = v4(f, ip + 16);
        } else if (version == 6 && f.length >= ip + 40 && (f[ip + 6] & 0xff) == 17) {
            udp = ip + 40;
            src = v6(f, ip + 8);
            dst = v6(f, ip + 24);
        } else {
            return null;
        }
        if (f.length < udp + 8) {
            return null;
        }
        int len = ((f[udp + 4] & 0xff) << 8) | (f[udp + 5] & 0xff);
        int end = Math.min(f.length, udp + Math.max(8, len));
        return new Datagram(src, u16(f, udp), dst, u16(f, udp + 2), Arrays.copyOfRange(f, udp + 8, end));
    }

    private static int u16(byte[] f, int o) {
        return ((f[o] & 0xff) << 8) | (f[o + 1] & 0xff);
    }

    private static String v4(byte[] f, int o) {
        return (f[o] & 0xff) + "." + (f[o + 1] & 0xff) + "." + (f[o + 2] & 0xff) + "." + (f[o + 3] & 0xff);
    }

    private static String v6(byte[] f, int o) {
        try {
            return java.net.InetAddress.getByAddress(Arrays.copyOfRange(f, o, o + 16)).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
