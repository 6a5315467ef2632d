package io.tailnode.control.noise;

/**
 * controlbase wire constants (tailscale-protocol.md §2.3 "Constants" and "Wire layouts"; Go
 * control/controlbase/messages.go, conn.go). All length fields are big-endian uint16.
 * <pre>
 * Initiation (101) = ver[2] | 0x01 | len[2]=96 | e.pub[32] | enc(machinePub)[48] | tag[16]
 * Response   (51)  = 0x02 | len[2]=48 | e.pub[32] | tag[16]
 * Error            = 0x03 | len[2] | UTF-8 text
 * Record           = 0x04 | len[2] = plaintextLen + 16 | ciphertext | tag[16]
 * </pre>
 */
public final class ControlWire {
    public static final int MSG_INITIATION = 1;
    public static final int MSG_RESPONSE = 2;
    public static final int MSG_ERROR = 3;
    public static final int MSG_RECORD = 4;

    /** type + BE16 length; the initiation has a BE16 version in front of that. */
    public static final int HEADER_LENGTH = 3;
    public static final int INITIATION_HEADER_LENGTH = 5;
    public static final int KEY_LENGTH = 32;
    public static final int TAG_LENGTH = 16;

    /** e.pub + enc(machinePub) + tag of the empty payload. */
    public static final int INITIATION_BODY_LENGTH = KEY_LENGTH + KEY_LENGTH + TAG_LENGTH + TAG_LENGTH;
    public static final int INITIATION_LENGTH = INITIATION_HEADER_LENGTH + INITIATION_BODY_LENGTH;
    /** e.pub + tag of the empty payload. */
    public static final int RESPONSE_BODY_LENGTH = KEY_LENGTH + TAG_LENGTH;
    public static final int RESPONSE_LENGTH = HEADER_LENGTH + RESPONSE_BODY_LENGTH;

    /** Largest frame on the wire including its 3-byte header (Go maxMessageSize). */
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_CIPHERTEXT = MAX_MESSAGE - HEADER_LENGTH;
    public static final int MAX_PLAINTEXT = MAX_CIPHERTEXT - TAG_LENGTH;

    private ControlWire() {
    }

    /** Bytes {@link ControlChannel#write} produces for {@code plainLen} application bytes (0 for 0). */
    public static int sealedLength(int plainLen) {
        int records = (plainLen + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
        return plainLen + records * (HEADER_LENGTH + TAG_LENGTH);
    }
}
