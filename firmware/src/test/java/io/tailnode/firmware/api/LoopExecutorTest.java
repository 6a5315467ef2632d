package io.tailnode.firmware.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopExecutorTest {
    @Test
    void fullRingRefusesAndKeepsOrder() {
        LoopExecutor ex = new LoopExecutor(3);
        final StringBuilder order = new StringBuilder();
        Runnable[] t = new Runnable[4];
        for (int i = 0; i < 4; i++) {
            final char c = (char) ('a' + i);
            t[i] = () -> order.append(c);
        }
        assertTrue(ex.post(t[0]));
        assertTrue(ex.post(t[1]));
        assertTrue(ex.post(t[2]));
        assertFalse(ex.post(t[3]));
        assertFalse(ex.post(null));
        assertEquals(1, ex.rejected());
        assertEquals(2, ex.drain(2));
        assertTrue(ex.post(t[3]));
        assertEquals(2, ex.drain(10));
        assertEquals("abcd", order.toString());
        assertEquals(0, ex.pending());
    }

    @Test
    void throwingTaskIsCountedAndTheLoopGoesOn() {
        LoopExecutor ex = new LoopExecutor(2);
        AtomicInteger ran = new AtomicInteger();
        ex.post(() -> {
            throw new IllegalStateException("task");
        });
        ex.post(ran::incrementAndGet);
        assertEquals(2, ex.drain(5));
        assertEquals(1, ex.failures());
        assertEquals(1, ran.get());
    }

    /** 4 threads x 1000 preallocated tasks through a 16-slot ring: each runs exactly once, on the loop thread. */
    @Test
    void fourThreadsPostAndEveryTaskRunsOnceOnTheLoopThread() throws Exception {
        final int threads = 4;
        final int perThread = 1000;
        final LoopExecutor ex = new LoopExecutor(16);
        final int[] runs = new int[threads * perThread];
        final Thread[] ranOn = new Thread[threads * perThread];
        final Runnable[] tasks = new Runnable[threads * perThread];
        for (int i = 0; i < tasks.length; i++) {
            final int id = i;
            tasks[i] = () -> {
                runs[id]++;
                ranOn[id] = Thread.currentThread();
            };
        }
        final AtomicInteger refused = new AtomicInteger();
        Thread[] posters = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int base = t * perThread;
            posters[t] = new Thread(() -> {
                for (int k = 0; k < perThread; k++) {
                    while (!ex.post(tasks[base + k])) {
                        refused.incrementAndGet();
                        Thread.yield();
                    }
                }
            });
        }
        for (Thread p : posters) {
            p.start();
        }
        long deadline = System.currentTimeMillis() + 30_000;
        int done = 0;
        while (done < tasks.length && System.currentTimeMillis() < deadline) {
            int n = ex.drain(TailnetSockets.TASKS_PER_ITERATION);
            done += n;
            if (n == 0) {
                Thread.yield();
            }
        }
        for (Thread p : posters) {
            p.join();
        }
        done += ex.drain(Integer.MAX_VALUE);
        assertEquals(tasks.length, done);
        Thread loop = Thread.currentThread();
        for (int i = 0; i < tasks.length; i++) {
            assertEquals(1, runs[i], "task " + i);
            assertSame(loop, ranOn[i]);
        }
        assertEquals(tasks.length, ex.ran());
        assertEquals(refused.get(), ex.rejected());
        System.out.println("loop executor: 4000 tasks, posts refused (ring full) and retried: " + refused.get());
    }
}
