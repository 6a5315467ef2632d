package io.tailnode.firmware.services;

import io.tailnode.http.HttpLimits;
import io.tailnode.ip.IpStackConfig;
import io.tailnode.ip.tcp.TcpConfig;

/** Capacities of {@link DeviceServices}, all fixed at construction; defaults fit a tailnet device. */
public final class ServicesConfig {
    /** IP layer sizes (MTU: the tunnel's). */
    public final IpStackConfig ip = new IpStackConfig();
    /** TCP sizes; {@code tcp.mtu} is set to {@code ip.mtu} by DeviceServices. */
    public final TcpConfig tcp = new TcpConfig();
    /** HTTP limits (request sizes, bodies, chunk size). */
    public HttpLimits http = HttpLimits.defaults();
    /** Concurrent HTTP connections; more are answered 503 and closed. Must leave TCP slots for the refusals. */
    public int httpConnections = 4;
    /** TCP port of the HTTP service. */
    public int httpPort = 80;
    /** A connection that moves no byte either way for this long is reset (HTTP itself has no timeout). */
    public int httpIdleMs = 30000;
    /** Per connection per {@link DeviceServices#service}: at most this many response chunks written. */
    public int writesPerService = 8;
    /** Bytes read from a TCP socket at once (also the hold-over buffer for bytes HTTP did not take yet). */
    public int readChunk = 2048;
    /** Accepts per {@link DeviceServices#service}. */
    public int acceptsPerService = 4;
}
