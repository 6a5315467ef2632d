package io.tailnode.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flow table against a model (insertion-ordered map as LRU, explicit timestamps) over random operations. */
class FlowTableTest {
    @Test
    void behavesLikeAnLruWithTimeoutsOverRandomOperations() {
        Random r = new Random(0xF10E);
        for (int cap : new int[] {1, 2, 5, 16}) {
            long timeout = 60;
            FlowTable t = new FlowTable(cap, timeout);
            LinkedHashMap<Long, Long> model = new LinkedHashMap<>(16, 0.75f, true);
            long now = 1;
            for (int i = 0; i < 20_000; i++) {
                now += 1 + r.nextInt(3); // strictly increasing: last-use order = timestamp order
                int k = r.nextInt(3 * cap + 2);
                long key = k;
                // Keys differ in one field at a time, so every field takes part in the comparison.
                int proto = k % 3 == 0 ? 17 : 132;
                long rHi = k % 5 == 0 ? -1L : 0;
                long rLo = 0x6440_0000L + k / 2;
                int lport = 5000 + (k % 7);
                if (r.nextBoolean()) {
                    t.note(proto, 6, rHi, rLo, 0, 1, 53, lport, now);
                    if (!model.containsKey(key) && model.size() == cap) {
                        Iterator<Map.Entry<Long, Long>> it = model.entrySet().iterator();
                        it.next();
                        it.remove();
                    }
                    model.put(key, now);
                } else {
                    boolean refresh = r.nextBoolean();
                    Long seen = model.get(key);
                    boolean expected = seen != null && now - seen <= timeout;
                    if (seen != null && !expected) {
                        model.remove(key);
                    } else if (expected && refresh) {
                        model.put(key, now);
                    } else if (expected) {
                        // Not refreshed: undo the access-order move of get() by re-inserting in place is not
                        // possible; rebuild the order without touching this key.
                        reorderWithout(model, key, seen);
                    }
                    assertEquals(expected, t.contains(proto, 6, rHi, rLo, 0, 1, 53, lport, now, refresh),
                            "cap " + cap + " op " + i);
                }
                assertEquals(model.size(), t.size(), "cap " + cap + " op " + i);
            }
        }
    }

    /** get() moved {@code key} to the end; put it back where it was by order of the other entries' last use. */
    private static void reorderWithout(LinkedHashMap<Long, Long> model, Long key, Long seen) {
        // The table orders by last use; restore that order (ties keep their relative order).
        java.util.List<Map.Entry<Long, Long>> entries = new java.util.ArrayList<>(model.entrySet());
        entries.sort((a, b) -> Long.compare(a.getValue(), b.getValue()));
        model.clear();
        for (Map.Entry<Long, Long> e : entries) {
            model.put(e.getKey(), e.getValue());
        }
    }
}
