package io.tailnode.firmware;

import io.tailnode.control.h2.H2Config;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.http.HttpLimits;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgDeviceConfig;

/**
 * Where a {@link DeviceConfig} becomes the capacities of each core: the one mapping the firmware boots with, so
 * the RAM a board's defaults ({@code platform-config/boards/<board>/tailnode.properties}) cost is what the
 * footprint check measures. Each method returns a new configuration object (construction time only).
 */
public final class CoreSizing {
    /** The services' read chunk (TCP to HTTP hold-over) never exceeds this. */
    static final int MAX_READ_CHUNK = 2048;
    /**
     * DERP regions kept from the DERP map by default (derp_regions; each region: a dial node and a STUN node, in
     * a live and a staged table); regions beyond are dropped and counted. A self-hosted map has a few;
     * Tailscale's has about 30, of which a device with one or two connections can use its home and its peers'
     * homes only.
     */
    public static final int DERP_REGIONS = 8;
    /** DERP node HostName bytes kept (TLS server name and HTTP Host). */
    public static final int DERP_HOST_BYTES = 64;
    /** Health text kept per DERP connection (shown in status). */
    public static final int DERP_HEALTH_BYTES = 64;
    /** DERP frame header (type + length) and the peer key a SendPacket/RecvPacket frame carries. */
    private static final int DERP_FRAME_OVERHEAD = 5 + 32;

    private CoreSizing() {
    }

    /**
     * WireGuard: peer slots, allowed IPs (per peer x peers), tunnel MTU, held packets per peer and shared, replay window
     * (rounded down to a whole 64-counter word, as the window is kept; the field's range keeps it at least 64).
     */
    public static WgDeviceConfig wireGuard(DeviceConfig dc) {
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = dc.maxPeers();
        wc.maxAllowedIps = dc.maxPeers() * dc.allowedIpsPerPeer();
        wc.mtu = dc.mtu();
        wc.heldPacketsPerPeer = dc.heldPacketsPerPeer();
        wc.heldPacketsShared = dc.heldPacketsShared();
        wc.replayWindow = dc.replayWindowCounters() / 64 * 64;
        return wc;
    }

    /**
     * IP stack, TCP and HTTP: UDP sockets and their rings, the output queue (packet_buffers packets), TCP slots
     * and rings; http_connections HTTP connections, but at most the TCP slots the integrator does not get
     * ({@link #oemConnections}); the header-section bound sizes each connection's parser line and read hold-over.
     */
    public static ServicesConfig services(DeviceConfig dc) {
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = dc.mtu();
        sc.ip.udpSockets = dc.udpSockets();
        sc.ip.udpRxBytes = dc.udpRxBufferBytes();
        // A ring never holds more datagrams than minimum-size ones fit, and at least one.
        sc.ip.udpRxPackets = Math.max(1, Math.min(sc.ip.udpRxPackets, dc.udpRxBufferBytes() / 512));
        sc.ip.outputQueuePackets = dc.packetBuffers();
        sc.tcp.maxSockets = dc.tcpSockets();
        sc.tcp.sendBufferSize = dc.tcpTxBufferBytes();
        sc.tcp.receiveBufferSize = dc.tcpRxBufferBytes();
        sc.httpConnections = Math.max(1, Math.min(dc.httpConnections(), dc.tcpSockets() - oemConnections(dc)));
        HttpLimits d = HttpLimits.defaults();
        sc.http = new HttpLimits(Math.min(d.maxRequestLine, dc.httpHeaderBytes()), d.maxHeaderCount,
                dc.httpHeaderBytes(), d.maxBodyBytes, d.maxBytesN, d.maxRequestsPerConnection, d.chunkBytes);
        sc.readChunk = Math.min(MAX_READ_CHUNK, dc.httpHeaderBytes());
        return sc;
    }

    /** TCP connection slots left to the integrator's services (socket API): half, at least 1. */
    public static int oemConnections(DeviceConfig dc) {
        return Math.max(1, dc.tcpSockets() / 2);
    }

    /** DERP regions kept from the DERP map (derp_regions). */
    public static int derpRegions(DeviceConfig dc) {
        return dc.derpRegions();
    }

    /**
     * Disco path selectors (disco_paths): a pool lent to peers with traffic, the others on DERP until one idles
     * out (DiscoDriver); 0 or more than the peer slots gives one per peer slot.
     */
    public static int discoPaths(DeviceConfig dc) {
        int n = dc.discoPaths();
        return n == 0 || n > dc.maxPeers() ? dc.maxPeers() : n;
    }

    /** DERP connections open at once (derp_connections; each one is also a TLS connection in the C heap). */
    public static int derpConnections(DeviceConfig dc) {
        return dc.derpConnections();
    }

    /**
     * Largest packet a DERP connection carries: a WireGuard transport message for the tunnel MTU (16-byte header,
     * the inner packet padded to 16, 16-byte tag: 1,312 B at MTU 1280). Everything else relayed is smaller
     * (initiation 148 B, disco under 512 B). DERP allows packets up to 64 KiB; a larger one is skipped and counted
     * by the client, and it could only be a packet WireGuard would drop as over the MTU.
     */
    public static int derpMaxPacket(DeviceConfig dc) {
        int padded = (dc.mtu() + WgConstants.PADDING_MULTIPLE - 1) / WgConstants.PADDING_MULTIPLE
                * WgConstants.PADDING_MULTIPLE;
        return WgConstants.TRANSPORT_HEADER_SIZE + padded + WgConstants.TAG_SIZE;
    }

    /**
     * Output staged per DERP connection: one whole SendPacket frame. A TLS write copies it into the TLS stack's
     * record buffer (the C heap on a board), so the next frame is staged only after the previous one left.
     */
    public static int derpTxBytes(DeviceConfig dc) {
        return DERP_FRAME_OVERHEAD + derpMaxPacket(dc);
    }

    /** The DERP driver's TLS read chunk (shared by its connections): one whole frame, decoded in place. */
    public static int derpReadBytes(DeviceConfig dc) {
        return DERP_FRAME_OVERHEAD + derpMaxPacket(dc);
    }

    /** The control client's HTTP/2 sizes around its stream window ({@link H2Config#forWindow}). */
    public static H2Config controlHttp2(DeviceConfig dc) {
        return H2Config.forWindow(dc.controlWindowBytes());
    }
}
