package io.tailnode.derp;

/**
 * A DERP node's {@code CertName} of the form {@code sha256-raw:<64 hex>} (tailscale-protocol.md §3.1): the node
 * uses a self-signed certificate and the client accepts exactly the one whose DER encoding hashes to those 32
 * bytes (TlsTransport's pin mode). Any other CertName is a name for SNI and chain verification.
 */
public final class CertPin {
    private static final byte[] PREFIX = DerpUpgradeRequest.ascii("sha256-raw:");

    private CertPin() {
    }

    /** True if certName[off..+len) is a pin; its 32 bytes go to out[outOff..). False (out untouched) otherwise. */
    public static boolean parse(byte[] certName, int off, int len, byte[] out, int outOff) {
        if (len != PREFIX.length + 64) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (certName[off + i] != PREFIX[i]) {
                return false;
            }
        }
        int h = off + PREFIX.length;
        for (int i = 0; i < 64; i++) {
            if (nibble(certName[h + i]) < 0) {
                return false;
            }
        }
        for (int i = 0; i < 32; i++) {
            out[outOff + i] = (byte) (nibble(certName[h + 2 * i]) << 4 | nibble(certName[h + 2 * i + 1]));
        }
        return true;
    }

    private static int nibble(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
