package io.tailnode.sim.interop;

/**
 * Child-JVM probe for {@link InteropCleanupTest}: brings up one peer, prints "namespace pid", then either exits
 * normally without closing it (the shutdown hook must clean up) or waits to be killed with SIGKILL (the next
 * run's sweep must clean up).
 */
public final class HarnessExitProbe {
    private HarnessExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        WgPeerNamespace p = WgPeerNamespace.up(Integer.parseInt(args[0]));
        System.out.println(p.name() + " " + p.wireguardPid());
        System.out.flush();
        if (args.length > 1 && args[1].equals("wait")) {
            Thread.sleep(20_000); // bounded: the test kills us long before
        }
        System.exit(0);
    }
}
