package io.tailnode.sim.canary;

import java.nio.charset.StandardCharsets;

/**
 * Every test that uses a private key or an auth key registers it here; {@code KeyCanaryTest} then searches
 * everything the suite recorded ({@link CanaryRecorder}) for it. Registering is the price of using a secret
 * in a test: a key that is not registered cannot be found leaking.
 */
public final class SecretRegistry {
    private SecretRegistry() {
    }

    /** A binary secret (X25519 private key, DRBG seed...). */
    public static byte[] register(String label, byte[] secret) {
        CanaryFiles.appendSecret(label, secret);
        return secret;
    }

    /** A text secret (auth key); its ASCII bytes are registered, so the text itself is searched for too. */
    public static String registerText(String label, String secret) {
        CanaryFiles.appendSecret(label, secret.getBytes(StandardCharsets.UTF_8));
        return secret;
    }
}
