package io.tailnode.derp;

import io.tailnode.control.json.KeyText;

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
        return KeyText.parse(certName, off, len, PREFIX, out, outOff);
    }
}
