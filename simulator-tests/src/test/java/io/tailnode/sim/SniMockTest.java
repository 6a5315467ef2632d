package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.crypto.sni.CryptoNatives;
import io.tailnode.firmware.board.BoardNatives;
import io.tailnode.firmware.board.NativeClock;
import io.tailnode.firmware.board.NativeEntropy;
import io.tailnode.firmware.board.NativeFlash;
import io.tailnode.firmware.board.NativeWatchdog;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordTypes;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The simulator mocks behave as the C natives do (bsp/test runs the same tables on the host and under QEMU):
 * CryptoNatives on every Wycheproof X25519 and 96-bit-nonce ChaCha20-Poly1305 case, with the C's conventions
 * (all-zero shared secret = -1 and zero output; forged input = -1 and zeroed output); BoardNatives' flash keeps
 * the NOR rules of bsp/common/tn_flash.c and carries the key store through garbage collections.
 */
class SniMockTest {
    private static final String VECTORS = "../crypto/src/test/resources/vectors/";
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(JsonNode n) {
        return HEX.parseHex(n.asText());
    }

    @Test
    void x25519MockPassesWycheproofWithTheCConventions() throws IOException {
        JsonNode root = new ObjectMapper().readTree(new File(VECTORS + "x25519_test.json"));
        int cases = 0;
        for (JsonNode g : root.get("testGroups")) {
            for (JsonNode t : g.get("tests")) {
                byte[] shared = hex(t.get("shared"));
                byte[] out = new byte[35];
                int rc = CryptoNatives.x25519(out, 3, pad(hex(t.get("private"))), 3, pad(hex(t.get("public"))), 3);
                boolean zero = Arrays.equals(shared, new byte[32]);
                assertEquals(zero ? -1 : 0, rc, "tcId " + t.get("tcId"));
                assertArrayEquals(shared, Arrays.copyOfRange(out, 3, 35), "tcId " + t.get("tcId"));
                cases++;
            }
        }
        assertEquals(518, cases);
    }

    @Test
    void aeadMockPassesWycheproofWithTheCConventions() throws IOException {
        JsonNode root = new ObjectMapper().readTree(new File(VECTORS + "chacha20_poly1305_test.json"));
        int cases = 0;
        for (JsonNode g : root.get("testGroups")) {
            if (g.get("ivSize").asInt() != 96) {
                continue; // the seam fixes 12-byte nonces, as bsp/scripts/gen_vectors.py does
            }
            for (JsonNode t : g.get("tests")) {
                byte[] key = hex(t.get("key"));
                byte[] nonce = hex(t.get("iv"));
                byte[] ad = hex(t.get("aad"));
                byte[] msg = hex(t.get("msg"));
                byte[] ct = hex(t.get("ct"));
                byte[] tag = hex(t.get("tag"));
                byte[] sealedInput = new byte[ct.length + 16];
                System.arraycopy(ct, 0, sealedInput, 0, ct.length);
                System.arraycopy(tag, 0, sealedInput, ct.length, 16);
                byte[] out = new byte[ct.length];
                Arrays.fill(out, (byte) 0x5A);
                int rc = CryptoNatives.chacha20Poly1305Open(key, 0, nonce, 0, ad, 0, ad.length, sealedInput, 0,
                        sealedInput.length, out, 0);
                if (t.get("result").asText().equals("valid")) {
                    assertEquals(msg.length, rc, "tcId " + t.get("tcId"));
                    assertArrayEquals(msg, out, "tcId " + t.get("tcId"));
                    byte[] sealed = new byte[msg.length + 16];
                    assertEquals(msg.length + 16, CryptoNatives.chacha20Poly1305Seal(key, 0, nonce, 0, ad, 0,
                            ad.length, msg, 0, msg.length, sealed, 0));
                    assertArrayEquals(sealedInput, sealed, "tcId " + t.get("tcId"));
                } else {
                    assertEquals(-1, rc, "tcId " + t.get("tcId"));
                    assertArrayEquals(new byte[ct.length], out, "zeroed after a failed open, tcId " + t.get("tcId"));
                }
                cases++;
            }
        }
        assertEquals(316, cases);
    }

    private static byte[] pad(byte[] v) {
        byte[] p = new byte[3 + v.length];
        System.arraycopy(v, 0, p, 3, v.length);
        return p;
    }

    private static void eraseAll(NativeFlash flash) {
        for (int s = 0; s < flash.sectorCount(); s++) {
            assertEquals(HalStatus.OK, flash.erase(s));
        }
    }

    @Test
    void flashMockKeepsTheNorRulesOfTheCLogic() {
        NativeFlash flash = new NativeFlash();
        eraseAll(flash);
        assertEquals(16, flash.programUnit());
        byte[] data = new byte[40];
        Arrays.fill(data, (byte) 0x12);
        assertEquals(HalStatus.OK, flash.program(32, data, 8, 32));
        assertEquals(HalStatus.ERR_NOT_ERASED, flash.program(32, data, 8, 16), "second program of a unit");
        assertEquals(HalStatus.ERR_NOT_ERASED, flash.program(48, data, 0, 32), "overlap refused as a whole");
        byte[] after = new byte[16];
        assertEquals(HalStatus.OK, flash.read(64, after, 0, 16));
        assertArrayEquals(filled(16, 0xFF), after, "nothing written past the refused unit");
        assertEquals(HalStatus.ERR_ALIGNMENT, flash.program(8, data, 0, 16));
        assertEquals(HalStatus.ERR_RANGE, flash.program(flash.sectorCount() * flash.sectorSize() - 16, data, 0, 32));
        assertEquals(HalStatus.ERR_RANGE, flash.read(0, data, 30, 16), "window past the Java array");
        assertEquals(HalStatus.ERR_RANGE, flash.erase(flash.sectorCount()));
        assertEquals(HalStatus.OK, flash.erase(0));
        assertEquals(HalStatus.OK, flash.program(32, data, 8, 16), "programmable again after the erase");
    }

    @Test
    void keyStoreRunsOnTheNativeFlashThroughGarbageCollections() {
        NativeFlash flash = new NativeFlash();
        eraseAll(flash);
        FlashKeyStore store = new FlashKeyStore(flash, 0, flash.sectorCount(), 300, 16);
        assertEquals(HalStatus.OK, store.mount());
        byte[] key = filled(32, 0x42);
        assertEquals(HalStatus.OK, store.write(RecordTypes.MACHINE_KEY, key, 0, key.length));
        int first = store.liveSector();
        byte[] floor = new byte[8];
        int writes = 0;
        while (store.liveSector() == first || writes < 3 * flash.sectorSize() / 48) {
            floor[0] = (byte) writes++;
            assertEquals(HalStatus.OK, store.write(RecordTypes.CLOCK_FLOOR, floor, 0, floor.length));
        }
        assertNotEquals(first, store.liveSector());
        FlashKeyStore again = new FlashKeyStore(flash, 0, flash.sectorCount(), 300, 16);
        assertEquals(HalStatus.OK, again.mount());
        byte[] buf = new byte[300];
        assertEquals(32, again.read(RecordTypes.MACHINE_KEY, buf, 0, buf.length));
        assertArrayEquals(key, Arrays.copyOf(buf, 32));
        assertEquals(8, again.read(RecordTypes.CLOCK_FLOOR, buf, 0, buf.length));
        assertEquals(floor[0], buf[0]);
    }

    @Test
    void entropyClockAndWatchdogMocks() {
        byte[] a = new byte[40];
        byte[] b = new byte[40];
        NativeEntropy entropy = new NativeEntropy();
        assertEquals(32, entropy.fill(a, 4, 32));
        assertEquals(32, entropy.fill(b, 4, 32));
        assertTrue(!Arrays.equals(a, b));
        assertEquals(HalStatus.ERR_RANGE, entropy.fill(a, 20, 32));
        NativeClock clock = new NativeClock();
        long m0 = clock.monotonicMillis();
        assertTrue(clock.monotonicMillis() >= m0);
        assertTrue(!clock.wallTrusted());
        clock.setWallMillis(1_800_000_000_000L);
        assertTrue(clock.wallTrusted() && Math.abs(clock.wallMillis() - 1_800_000_000_000L) < 60_000);
        NativeWatchdog dog = new NativeWatchdog(4000);
        assertEquals(HalStatus.OK, dog.startStatus());
        long kicks = BoardNatives.watchdogKicks();
        dog.kick();
        assertEquals(kicks + 1, BoardNatives.watchdogKicks());
        assertEquals(4000, BoardNatives.watchdogTimeout());
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
