package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One registered machine (state of the {@link Tailnet}, guarded by its lock). Keys are public key texts. */
final class TailnetNode {
    final long id;
    final String stableId;
    final String machineKey;
    final String ipv4;
    final String ipv6;
    final Instant created;
    String nodeKey;
    String discoKey = KeyText.DISCO + "0".repeat(64);
    String name;
    List<String> tags = new ArrayList<>();
    boolean ephemeral;
    /** Null = never expires. */
    Instant keyExpiry;
    ObjectNode hostinfo;
    List<String> endpoints = new ArrayList<>();
    int homeDerp;
    int sessions;
    long authKeyId;

    TailnetNode(long id, String stableId, String machineKey, String ipv4, String ipv6, Instant created) {
        this.id = id;
        this.stableId = stableId;
        this.machineKey = machineKey;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.created = created;
    }

    boolean expired(Instant now) {
        return keyExpiry != null && !now.isBefore(keyExpiry);
    }

    boolean online() {
        return sessions > 0;
    }

    List<String> addresses() {
        return List.of(ipv4 + "/32", ipv6 + "/128");
    }
}
