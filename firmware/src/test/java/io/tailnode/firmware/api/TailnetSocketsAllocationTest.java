package io.tailnode.firmware.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.examples.LineUpperService;
import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.ip.tcp.TcpStack;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): readiness dispatch (accepted connection, onReadable with a
 * read, onWritable after a short write), a posted task, and a whole line through the example service allocate 0
 * bytes in steady state.
 */
class TailnetSocketsAllocationTest {
    private final ServicesPair pair = new ServicesPair();
    private final LoopExecutor executor = new LoopExecutor(8);
    private final TailnetSockets api = new TailnetSockets(pair.b, 2, 4, 1, executor, null);
    private final byte[] one = {'x'};
    private final byte[] line = {'a', 'b', 'c', '\n'};
    private final byte[] in = new byte[256];
    private int readableCalls;
    private int bytesRead;
    private int tasksRun;

    private final TcpListener counting = new TcpListener() {
        private final byte[] buf = new byte[64];

        @Override
        public void onAccept(int h) {
        }

        @Override
        public void onReadable(int h) {
            readableCalls++;
            int r;
            while ((r = api.read(h, buf, 0, buf.length)) > 0) {
                bytesRead += r;
            }
        }

        @Override
        public void onWritable(int h) {
        }

        @Override
        public void onClosed(int h, int reason) {
        }
    };

    private final Runnable task = new Runnable() {
        @Override
        public void run() {
            tasksRun++;
        }
    };

    private int client;
    private int lineClient;
    private int answered;

    private void byteThrough() {
        pair.a.tcp().write(client, one, 0, 1);
        for (int i = 0; i < 4; i++) {
            pair.step();
        }
    }

    private void postAndRun() {
        executor.post(task);
        pair.step();
    }

    private void lineThrough() {
        TcpStack tcp = pair.a.tcp();
        tcp.write(lineClient, line, 0, line.length);
        int got = 0;
        for (int i = 0; i < 10 && got < line.length; i++) {
            pair.step();
            int r = tcp.read(lineClient, in, got, in.length - got);
            if (r > 0) {
                got += r;
            }
        }
        answered += got;
    }

    @Test
    void readinessDispatchAllocatesNothing() {
        assertTrue(api.tcpListen(9100, counting) >= 0);
        LineUpperService svc = new LineUpperService(api, 2);
        assertTrue(svc.start() >= 0);
        client = pair.a.tcp().connect(4, ServicesPair.B, 0, 9100, pair.now);
        lineClient = pair.a.tcp().connect(4, ServicesPair.B, 0, LineUpperService.PORT, pair.now);
        pair.steps(10);
        assertEquals(2, api.connections());

        byteThrough();
        assertEquals(1, bytesRead);
        long perByte = AllocationMeter.bytesPerCall(this::byteThrough, 2_000, 10_000);
        System.out.println("tailnet sockets: 1 byte -> onReadable -> read: " + perByte + " B");
        assertEquals(0, perByte);
        assertEquals(readableCalls, bytesRead);

        long perTask = AllocationMeter.bytesPerCall(this::postAndRun, 2_000, 10_000);
        System.out.println("tailnet sockets: post + drain in the loop: " + perTask + " B");
        assertEquals(0, perTask);
        assertTrue(tasksRun >= 12_000);

        lineThrough();
        assertEquals(4, answered);
        assertEquals('A', in[0]);
        long perLine = AllocationMeter.bytesPerCall(this::lineThrough, 2_000, 10_000);
        System.out.println("tailnet sockets: a line through the example service: " + perLine + " B");
        assertEquals(0, perLine);
        assertEquals(TcpReason.WOULD_BLOCK, pair.a.tcp().read(lineClient, in, 0, in.length));
    }
}
