package io.tailnode.sim.interop;

/** A WireGuard key pair from {@code wg genkey} / {@code wg pubkey}, both standard base64 (44 characters). */
public record WgKeys(String privateKey, String publicKey) {
    public static WgKeys generate() {
        String priv = Cmd.must("wg", "genkey").strip();
        return fromPrivate(priv);
    }

    public static WgKeys fromPrivate(String priv) {
        String pub = Cmd.run(Cmd.SHORT, priv + "\n", java.util.Map.of(), "wg", "pubkey").orThrow().output().strip();
        return new WgKeys(priv, pub);
    }

    /** A fresh preshared key ({@code wg genpsk}). */
    public static String generatePsk() {
        return Cmd.must("wg", "genpsk").strip();
    }

    @Override
    public String toString() {
        return "WgKeys[public=" + publicKey + "]";
    }
}
