package io.tailnode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    @Test
    void projectAllowlistParsesAndTagsEveryEntry() throws IOException {
        Allowlist a = Fixtures.allowlist();
        long src = a.entries().values().stream().filter("src"::equals).count();
        long unverified = a.entries().values().stream().filter("unverified"::equals).count();
        assertEquals(a.entries().size(), src + unverified);
        assertTrue(src > 0 && unverified > 0);
        System.out.println("[allowlist] " + a.entries().size() + " entries: " + src + " [src], " + unverified + " [unverified]");
    }

    @Test
    void deliberateGapsStayClosed() throws IOException {
        Allowlist a = Fixtures.allowlist();
        assertFalse(a.allowsMember("java/lang/String", "format", "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;"));
        assertFalse(a.allowsMember("java/lang/System", "nanoTime", "()J"), "monotonic time comes from the Clock HAL");
        assertFalse(a.allowsClass("java/nio/ByteBuffer"));
        assertFalse(a.allowsClass("java/util/concurrent/ConcurrentHashMap"));
        assertFalse(a.allowsMember("java/lang/Integer", "TYPE", "Ljava/lang/Class;"));
        assertTrue(a.allowsMember("java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;"));
        assertEquals("unverified", a.tagOf("java/lang/Integer.rotateLeft(II)I"));
        assertEquals("src", a.tagOf("java/lang/System.arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V"));
    }

    @Test
    void rejectsMalformedFiles() {
        assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of("java/lang/Object"), "t"),
                "entry before any tagged block");
        assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of("## [maybe] x", "java/lang/Object"), "t"));
        assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of("## [src] x", "java.lang.Object#bad"), "t"));
    }
}
