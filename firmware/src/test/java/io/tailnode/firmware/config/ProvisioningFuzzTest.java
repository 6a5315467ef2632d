package io.tailnode.firmware.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests (rule 4): random truncations and mutations of valid records and properties never throw,
 * and a rejected text leaves the configuration exactly as it was; an accepted one parses the same twice.
 */
class ProvisioningFuzzTest {
    private static final String[] SEEDS = {
        ConfigParserTest.VALID,
        "tnp1 end",
        "tnp1 hostname=a auth_key=k auth_key_reusable=true end",
        "tnp1 tcp_rx_buffer=4096 tcp_tx_buffer=1024 udp_sockets=2 keepalive_s=0 clock_floor_lease_ms=60000 end",
    };
    private static final byte[] ALPHABET = " =_-:/.tnpendmkey0123456789abcdefxyzTRUE\t\r\n\u0000\u00ff".getBytes(
            StandardCharsets.ISO_8859_1);

    private final ConfigParser parser = new ConfigParser();

    @Test
    void everyTruncationOfAValidRecordIsRejectedAsTruncated() {
        for (String seed : SEEDS) {
            byte[] b = seed.getBytes(StandardCharsets.US_ASCII);
            for (int n = 1; n < b.length; n++) {
                DeviceConfig c = new DeviceConfig();
                int status = parser.parseRecord(b, 0, n, c);
                assertEquals(ConfigStatus.ERR_TRUNCATED, status, seed.substring(0, n));
                assertTrue(c.sameValues(new DeviceConfig()));
            }
        }
    }

    @Test
    void randomMutationsNeverThrowAndNeverPartiallyApply() {
        Random rnd = new Random(0x7a11);
        int accepted = 0;
        int rejected = 0;
        int[] reasons = new int[64];
        for (int iter = 0; iter < 200_000; iter++) {
            byte[] b = mutate(SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.US_ASCII), rnd);
            DeviceConfig base = new DeviceConfig();
            base.setInt(ConfigFields.MAX_PEERS, 3);
            DeviceConfig c = new DeviceConfig();
            c.copyFrom(base);
            boolean props = (iter & 7) == 0;
            int status = props ? parser.parseProperties(b, 0, b.length, c) : parser.parseRecord(b, 0, b.length, c);
            if (status == ConfigStatus.OK) {
                accepted++;
                DeviceConfig again = new DeviceConfig();
                again.copyFrom(base);
                assertEquals(ConfigStatus.OK, props ? parser.parseProperties(b, 0, b.length, again)
                        : parser.parseRecord(b, 0, b.length, again));
                assertTrue(again.sameValues(c));
            } else {
                rejected++;
                assertTrue(status <= -20 && status >= -38, "unknown reason " + status);
                reasons[-status]++;
                assertTrue(c.sameValues(base), "partially applied: " + new String(b, StandardCharsets.ISO_8859_1));
            }
        }
        System.out.println("fuzz: 200000 mutated texts, accepted " + accepted + ", rejected " + rejected
                + ", by reason " + Arrays.toString(Arrays.copyOfRange(reasons, 20, 39)));
        assertTrue(rejected > 100_000);
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed;
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int kind = rnd.nextInt(6);
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (kind) {
                case 0: // flip a byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = (byte) rnd.nextInt(256);
                    }
                    break;
                case 1: // alphabet byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                    }
                    break;
                case 2: // truncate
                    b = Arrays.copyOf(b, at);
                    break;
                case 3: // delete a byte
                    if (b.length > 0) {
                        byte[] d = new byte[b.length - 1];
                        System.arraycopy(b, 0, d, 0, at);
                        System.arraycopy(b, at + 1, d, at, b.length - at - 1);
                        b = d;
                    }
                    break;
                case 4: // duplicate a slice (duplicate fields, oversize)
                    int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
                    int len = Math.min(b.length - from, rnd.nextInt(600));
                    byte[] d = new byte[b.length + len];
                    System.arraycopy(b, 0, d, 0, at);
                    System.arraycopy(b, from, d, at, len);
                    System.arraycopy(b, at, d, at + len, b.length - at);
                    b = d;
                    break;
                default: // insert an alphabet byte
                    byte[] ins = new byte[b.length + 1];
                    System.arraycopy(b, 0, ins, 0, at);
                    ins[at] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                    System.arraycopy(b, at, ins, at + 1, b.length - at);
                    b = ins;
                    break;
            }
        }
        return b;
    }
}
