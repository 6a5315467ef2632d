package io.tailnode.sim.control;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which machine is behind each internal h2c connection: the Noise front end dials Jetty from a fresh local
 * port per client connection and records the authenticated machine key and capability version under it;
 * handlers look the caller up by their request's remote port.
 */
final class Callers {
    /** A Noise-authenticated client connection. */
    record Caller(String machineKey, int capVer, int connectionId) {
    }

    private final ConcurrentHashMap<Integer, Caller> byPort = new ConcurrentHashMap<>();
    private volatile java.util.function.IntConsumer onClose = id -> { };

    /** Runs with the connection id when a client connection ends. */
    void onClose(java.util.function.IntConsumer hook) {
        onClose = hook;
    }

    void attach(int localPort, Caller c) {
        byPort.put(localPort, c);
    }

    void detach(int localPort) {
        Caller c = byPort.remove(localPort);
        if (c != null) {
            onClose.accept(c.connectionId());
        }
    }

    Caller get(int remotePort) {
        return byPort.get(remotePort);
    }
}
