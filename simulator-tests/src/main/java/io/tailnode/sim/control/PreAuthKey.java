package io.tailnode.sim.control;

import java.time.Instant;
import java.util.List;

/**
 * A pre-auth key: single-use or reusable, optionally ephemeral, tagged and expiring. The secret text is handed
 * out once at creation and never appears in listings or logs.
 */
final class PreAuthKey {
    final long id;
    final byte[] secret;
    final boolean reusable;
    final boolean ephemeral;
    final List<String> tags;
    final Instant created;
    /** Null = never. */
    final Instant expires;
    int uses;
    boolean revoked;

    PreAuthKey(long id, byte[] secret, boolean reusable, boolean ephemeral, List<String> tags, Instant created,
            Instant expires) {
        this.id = id;
        this.secret = secret;
        this.reusable = reusable;
        this.ephemeral = ephemeral;
        this.tags = List.copyOf(tags);
        this.created = created;
        this.expires = expires;
    }

    /** Null when the key may register a node now, else the reason it may not. */
    String unusableReason(Instant now) {
        if (revoked) {
            return "auth key revoked";
        }
        if (expires != null && !now.isBefore(expires)) {
            return "auth key expired";
        }
        if (!reusable && uses > 0) {
            return "auth key already used";
        }
        return null;
    }
}
