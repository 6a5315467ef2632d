package io.tailnode.firmware.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningRecordTest {
    private final MemoryRecordStore store = new MemoryRecordStore();
    private final ProvisioningRecord records = new ProvisioningRecord();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private int store(String rec, DeviceConfig c) {
        byte[] b = ascii(rec);
        return records.store(store, b, 0, b.length, c);
    }

    @Test
    void storeThenLoadOnANewBootGivesTheSameConfig() {
        DeviceConfig c = new DeviceConfig();
        assertEquals(ConfigStatus.OK, store(ConfigParserTest.VALID, c));
        assertArrayEquals(ascii(ConfigParserTest.VALID), store.get(RecordTypes.PROVISIONING));
        DeviceConfig rebooted = new DeviceConfig();
        assertEquals(ConfigStatus.OK, records.load(store, rebooted));
        assertTrue(rebooted.sameValues(c));
    }

    @Test
    void unprovisionedDeviceKeepsDefaults() {
        DeviceConfig c = new DeviceConfig();
        assertEquals(RecordStore.NOT_FOUND, records.load(store, c));
        assertTrue(c.sameValues(new DeviceConfig()));
    }

    @Test
    void invalidRecordIsNeverStored() {
        DeviceConfig c = new DeviceConfig();
        assertEquals(ConfigStatus.ERR_DUPLICATE_FIELD, store("tnp1 mtu=1300 mtu=1300 end", c));
        assertNull(store.get(RecordTypes.PROVISIONING));
        assertEquals(0, store.log().length);
    }

    @Test
    void failedWriteChangesNothingInRam() {
        DeviceConfig c = new DeviceConfig();
        store.failWrites(true);
        assertEquals(HalStatus.ERR_IO, store(ConfigParserTest.VALID, c));
        assertTrue(c.sameValues(new DeviceConfig()));
    }

    @Test
    void invalidStoredRecordIsReportedAndNotApplied() {
        byte[] bad = ascii("tnp1 hostname=x");
        store.write(RecordTypes.PROVISIONING, bad, 0, bad.length);
        DeviceConfig c = new DeviceConfig();
        assertEquals(ConfigStatus.ERR_TRUNCATED, records.load(store, c));
        assertTrue(c.sameValues(new DeviceConfig()));
    }

    @Test
    void authKeyIsDeletedAfterRegistrationUnlessReusable() {
        DeviceConfig c = new DeviceConfig();
        assertEquals(ConfigStatus.OK, store(ConfigParserTest.VALID, c));
        assertEquals(ConfigStatus.OK, records.deleteAuthKey(store, c));
        assertFalse(c.hasAuthKey());
        String stored = new String(store.get(RecordTypes.PROVISIONING), StandardCharsets.US_ASCII);
        assertFalse(stored.contains("auth_key="));
        assertFalse(stored.contains(ConfigParserTest.AUTH_KEY));
        assertEquals(ConfigParserTest.VALID.replace(" auth_key=" + ConfigParserTest.AUTH_KEY, ""), stored);
        DeviceConfig rebooted = new DeviceConfig();
        assertEquals(ConfigStatus.OK, records.load(store, rebooted));
        assertFalse(rebooted.hasAuthKey());
        assertTrue(rebooted.sameValues(c));
        // Idempotent: nothing left to delete, nothing rewritten.
        int writes = store.log().length;
        assertEquals(ConfigStatus.OK, records.deleteAuthKey(store, c));
        assertEquals(writes, store.log().length);
    }

    @Test
    void reusableAuthKeyIsKept() {
        DeviceConfig c = new DeviceConfig();
        String rec = "tnp1 auth_key=" + ConfigParserTest.AUTH_KEY + " auth_key_reusable=true end";
        assertEquals(ConfigStatus.OK, store(rec, c));
        assertEquals(ConfigStatus.KEPT_REUSABLE, records.deleteAuthKey(store, c));
        assertTrue(c.hasAuthKey());
        assertArrayEquals(ascii(rec), store.get(RecordTypes.PROVISIONING));
    }

    @Test
    void authKeyDeletionWhenTheRewriteFailsKeepsTheStoredRecord() {
        DeviceConfig c = new DeviceConfig();
        store(ConfigParserTest.VALID, c);
        store.failWrites(true);
        assertEquals(HalStatus.ERR_IO, records.deleteAuthKey(store, c));
        assertFalse(c.hasAuthKey());
        assertArrayEquals(ascii(ConfigParserTest.VALID), store.get(RecordTypes.PROVISIONING));
    }

    @Test
    void consoleLineIsValidatedStoredAppliedAndLoggedWithoutTheKey() {
        List<String> lines = new ArrayList<>();
        Logger log = new Logger((b, o, l) -> {
            lines.add(new String(b, o, l, StandardCharsets.US_ASCII));
            return HalStatus.OK;
        }, LogEvents.TAGS, 120, LogLevel.DEBUG, 5, 1000);
        DeviceConfig c = new DeviceConfig();
        ConsoleProvisioning console = new ConsoleProvisioning(records, store, c, log);
        byte[] line = ascii("provision " + ConfigParserTest.VALID + "\r\n");
        assertEquals(ConfigStatus.OK, console.onLine(line, 0, line.length, 42));
        assertEquals(8, c.maxPeers());
        assertArrayEquals(ascii(ConfigParserTest.VALID), store.get(RecordTypes.PROVISIONING));
        assertEquals("42 I PROV_STORED @sensor-7 8", lines.get(0));

        byte[] bad = ascii("provision tnp1 auth_key=" + ConfigParserTest.AUTH_KEY + " mtu=1 end");
        assertEquals(ConfigStatus.ERR_OUT_OF_RANGE, console.onLine(bad, 0, bad.length, 43));
        assertEquals("43 W CONSOLE_BAD -31 " + (bad.length - 10 - 5), lines.get(1));
        byte[] other = ascii("status");
        assertEquals(ConfigStatus.ERR_NOT_A_COMMAND, console.onLine(other, 0, other.length, 44));
        byte[] huge = new byte[ConsoleProvisioning.MAX_LINE_BYTES + 1];
        assertEquals(ConfigStatus.ERR_TOO_LARGE, console.onLine(huge, 0, huge.length, 45));
        assertEquals(8, c.maxPeers());
        for (String l : lines) {
            assertFalse(l.contains("tskey"), l);
        }
    }
}
