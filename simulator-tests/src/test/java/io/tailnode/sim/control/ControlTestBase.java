package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.control.h2.H2Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Starts a server per test (on a test clock) and closes it and every client afterwards. */
abstract class ControlTestBase {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
    final List<TestControlClient> clients = new ArrayList<>();
    DevControlServer server;

    ControlConfig config() {
        ControlConfig c = new ControlConfig();
        c.adminPort = -1;
        c.followupWaitMillis = 0; // tests that long-poll a Followup set it
        return c;
    }

    DevControlServer start(ControlConfig c) throws Exception {
        server = DevControlServer.start(c, clock);
        return server;
    }

    DevControlServer start() throws Exception {
        return start(config());
    }

    @AfterEach
    void stopAll() throws Exception {
        for (TestControlClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    TestControlClient connect(TestControlClient.Device d) throws Exception {
        return connect(d, 130, new H2Config());
    }

    TestControlClient connect(TestControlClient.Device d, int capVer, H2Config cfg) throws Exception {
        TestControlClient c = TestControlClient.connect(server, d.machine, capVer, cfg);
        clients.add(c);
        return c;
    }

    static JsonNode register(TestControlClient c, TestControlClient.Device d, String oldKey, String authKey,
            String host) throws Exception {
        TestControlClient.Stream s = c.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), oldKey,
                authKey, host));
        assertEquals(200, s.status, s.bodyText());
        return s.json();
    }

    /** Connects and registers with {@code authKey}, asserting authorization. */
    TestControlClient joined(TestControlClient.Device d, String authKey, String host) throws Exception {
        TestControlClient c = connect(d);
        JsonNode r = register(c, d, null, authKey, host);
        assertTrue(r.path("MachineAuthorized").asBoolean(), r.toString());
        return c;
    }

    static int openMap(TestControlClient c, TestControlClient.Device d, String host) throws Exception {
        return c.open("/machine/map", TestControlClient.mapJson(host, d.nodeKey(), d.discoKey(), true, false, 0, null));
    }

    static TestControlClient.Stream lite(TestControlClient c, TestControlClient.Device d, String host, int derp,
            List<String> endpoints) throws Exception {
        TestControlClient.Stream s = c.post("/machine/map", TestControlClient.mapJson(host, d.nodeKey(), d.discoKey(),
                false, true, derp, endpoints));
        assertEquals(200, s.status, s.bodyText());
        return s;
    }

    JsonNode node(long id) {
        for (JsonNode n : server.nodes()) {
            if (n.get("id").asLong() == id) {
                return n;
            }
        }
        return null;
    }
}
