package io.tailnode.firmware.api;

import io.tailnode.lang.HotPath;

/**
 * Thread-safe hand-off from the OEM's other threads into the event loop: {@link #post} puts a task into a
 * fixed-capacity ring under {@code synchronized} (no allocation; false when the ring is full — retry later or drop),
 * and the loop runs up to a bounded number of tasks per iteration on its own thread ({@link TailnetSockets} drains
 * it), in posting order. From a task you may use {@link TailnetSockets} like from a callback.
 * <p>
 * The {@link Runnable} objects are the caller's: preallocate them (one per kind of request, with their own
 * fields for arguments) rather than creating one per post; the ring only holds references, released when the
 * task has run. A task must not block (it runs on the loop) and should hand results back through the caller's
 * own synchronized state. A RuntimeException thrown by a task is counted ({@link #failures}) and the loop goes
 * on. Latency: a task posted while the loop waits for a datagram runs when that wait ends (at most the loop's
 * {@code maxWaitMs}).
 */
public final class LoopExecutor {
    private final Runnable[] ring;
    private int head;
    private int count;
    private long rejected;
    /** Loop-thread only. */
    private long ran;
    private long failures;

    /** @param capacity tasks that can wait at once, >= 1 */
    public LoopExecutor(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity");
        }
        ring = new Runnable[capacity];
    }

    /** From any thread: queues {@code task}; false (nothing queued) if the ring is full or task is null. */
    public boolean post(Runnable task) {
        if (task == null) {
            return false;
        }
        synchronized (this) {
            if (count == ring.length) {
                rejected++;
                return false;
            }
            int i = head + count;
            ring[i >= ring.length ? i - ring.length : i] = task;
            count++;
            return true;
        }
    }

    /** Loop thread: runs up to {@code max} queued tasks (outside the lock); returns how many ran. */
    @HotPath
    public int drain(int max) {
        int n = 0;
        while (n < max) {
            Runnable t;
            synchronized (this) {
                if (count == 0) {
                    break;
                }
                t = ring[head];
                ring[head] = null;
                head = head + 1 == ring.length ? 0 : head + 1;
                count--;
            }
            n++;
            ran++;
            try {
                t.run();
            } catch (RuntimeException e) {
                failures++;
            }
        }
        return n;
    }

    /** Tasks waiting (any thread). */
    public synchronized int pending() {
        return count;
    }

    public int capacity() {
        return ring.length;
    }

    /** Posts refused because the ring was full. */
    public synchronized long rejected() {
        return rejected;
    }

    /** Tasks run (loop thread). */
    public long ran() {
        return ran;
    }

    /** Tasks that threw a RuntimeException (loop thread). */
    public long failures() {
        return failures;
    }
}
