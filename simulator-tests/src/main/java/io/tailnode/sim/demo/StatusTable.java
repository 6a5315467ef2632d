package io.tailnode.sim.demo;

import io.tailnode.sim.SimDevice;
import io.tailnode.wg.WgPeerStatus;

/** The demo's closing table: per device and WireGuard peer, the path, handshake age and bytes each way. */
final class StatusTable {
    private StatusTable() {
    }

    static String render(String[] names, SimDevice[] devices) {
        StringBuilder sb = new StringBuilder();
        String head = String.format("%-11s %-11s %-8s %-17s %-10s %10s %10s", "device", "peer", "path", "endpoint",
                "handshake", "rx bytes", "tx bytes");
        sb.append(head).append('\n').append("-".repeat(head.length())).append('\n');
        for (int i = 0; i < devices.length; i++) {
            SimDevice d = devices[i];
            long now = d.onLoop(l -> l.now());
            for (int j = 0; j < devices.length; j++) {
                if (j == i) {
                    continue;
                }
                int slot = d.slotOf(devices[j].publicKeyBase64());
                WgPeerStatus st = slot < 0 ? null : d.peerStatus(slot);
                if (st == null) {
                    sb.append(String.format("%-11s %-11s %s%n", names[i], names[j], "not a peer"));
                    continue;
                }
                String endpoint = d.endpointOf(slot);
                String path = endpoint.equals("(none)") ? "none"
                        : endpoint.startsWith("derp:") ? "relayed" : "direct";
                String age = st.lastHandshakeMs == 0 ? "never" : ((now - st.lastHandshakeMs) / 1000) + " s ago";
                sb.append(String.format("%-11s %-11s %-8s %-17s %-10s %10d %10d%n", names[i], names[j], path,
                        endpoint, age, st.rxBytes, st.txBytes));
            }
        }
        return sb.toString();
    }
}
