package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tailnode.firmware.wgconfig.WgConfig;
import io.tailnode.firmware.wgconfig.WgConfigStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WgConfigFileTest {
    private static final String PRIV = "EFIKPHJgyScdD08KSdTdNtTSyIXCzPPTqv7NffGVmlo=";
    private static final String PUB = "cJovH4uSwkyL3vn/J/nKEKr8uL3AGKJd4NR8P9HEyB4=";

    @Test
    void loadsAGoodFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wg0.conf");
        Files.writeString(f, "[Interface]\nPrivateKey = " + PRIV + "\nListenPort = 51900\n"
                + "[Peer]\nPublicKey = " + PUB + "\nAllowedIPs = 100.64.0.2/32\nEndpoint = 198.18.1.2:51820\n");
        WgConfig c = WgConfigFile.load(f, 16, 8, 4);
        assertEquals(51900, c.listenPort());
        assertEquals(1, c.peerCount());
    }

    @Test
    void errorsSayFileLineAndProblemWithoutTheSecret(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "[Interface]\nPrivateKey = " + PRIV + "\n\n[Peer]\nPublicKey = " + PUB
                + "\nEndpoint = vpn.example:51820\n");
        WgConfigFile.InvalidConfigException e = assertThrows(WgConfigFile.InvalidConfigException.class,
                () -> WgConfigFile.load(f, 16, 8, 4));
        assertEquals(f + ":6: endpoint must be a.b.c.d:port or [IPv6]:port (no host names)", e.getMessage());
        assertEquals(WgConfigStatus.ERR_BAD_ENDPOINT, e.status());
        Files.writeString(f, "# nothing\n");
        e = assertThrows(WgConfigFile.InvalidConfigException.class, () -> WgConfigFile.load(f, 16, 8, 4));
        assertEquals(f + ": [Interface] with PrivateKey is required", e.getMessage());
        assertFalse(e.getMessage().contains(PRIV));
        for (int s = -1; s >= -WgConfigStatus.COUNT; s--) {
            assertFalse(WgConfigFile.problem(s).startsWith("error "), "described: " + s);
        }
    }
}
