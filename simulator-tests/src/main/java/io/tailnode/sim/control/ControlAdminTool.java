package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./simulate control-admin}: a small client of the admin API. */
public final class ControlAdminTool {
    static final String USAGE = "usage: ./simulate control-admin [--admin URL (http://127.0.0.1:8081/admin)] COMMAND\n"
            + "  key [--reusable] [--ephemeral] [--tag tag:NAME]... [--expires SECONDS]   create a pre-auth key (prints it)\n"
            + "  keys | nodes | policy | derpmap | quirks                                   show\n"
            + "  auth | approve AUTH-ID                                                     pending AuthURLs / approve one\n"
            + "  expire ID | remove ID | revoke KEY-ID                                      act on a node / key\n"
            + "  set-policy FILE | set-derpmap FILE                                         replace\n"
            + "  quirk NAME=VALUE...                                                        set quirk switches";

    private ControlAdminTool() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String admin = System.getenv().getOrDefault("TAILNODE_CONTROL_ADMIN", "http://127.0.0.1:8081/admin");
        int i = 0;
        if (args.length >= 2 && args[0].equals("--admin")) {
            admin = args[1];
            i = 2;
        }
        if (i >= args.length || args[i].equals("--help") || args[i].equals("-h")) {
            System.err.println(USAGE);
            System.exit(i >= args.length ? 2 : 0);
        }
        String cmd = args[i++];
        String method = "GET";
        String path;
        String body = "";
        switch (cmd) {
            case "key" -> {
                ObjectNode req = json.createObjectNode();
                ArrayNode tags = req.putArray("tags");
                for (; i < args.length; i++) {
                    switch (args[i]) {
                        case "--reusable" -> req.put("reusable", true);
                        case "--ephemeral" -> req.put("ephemeral", true);
                        case "--tag" -> tags.add(args[++i]);
                        case "--expires" -> req.put("expiresInSeconds", Long.parseLong(args[++i]));
                        default -> fail("unknown key option " + args[i]);
                    }
                }
                method = "POST";
                path = "/keys";
                body = req.toString();
            }
            case "keys", "nodes", "policy", "derpmap", "quirks", "auth" -> path = "/" + cmd;
            case "approve" -> {
                method = "POST";
                String id = arg(args, i);
                path = "/auth/" + id.substring(id.lastIndexOf('/') + 1) + "/approve";
            }
            case "expire", "remove" -> {
                method = "POST";
                path = "/nodes/" + arg(args, i) + "/" + cmd;
            }
            case "revoke" -> {
                method = "POST";
                path = "/keys/" + arg(args, i) + "/revoke";
            }
            case "set-policy", "set-derpmap" -> {
                method = "PUT";
                path = cmd.equals("set-policy") ? "/policy" : "/derpmap";
                body = Files.readString(Path.of(arg(args, i)));
            }
            case "quirk" -> {
                ObjectNode req = json.createObjectNode();
                for (; i < args.length; i++) {
                    int eq = args[i].indexOf('=');
                    if (eq <= 0) {
                        fail("quirk wants NAME=VALUE");
                    }
                    req.put(args[i].substring(0, eq), args[i].substring(eq + 1));
                }
                method = "POST";
                path = "/quirks";
                body = req.toString();
            }
            default -> {
                fail("unknown command " + cmd);
                return;
            }
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("control-admin: " + r.statusCode() + " " + r.body().trim());
            System.exit(1);
        }
        JsonNode out = json.readTree(r.body());
        System.out.println(cmd.equals("key") ? out.get("key").asText() : out.toPrettyString());
    }

    private static String arg(String[] args, int i) {
        if (i >= args.length) {
            fail("missing argument");
        }
        return args[i];
    }

    private static void fail(String why) {
        System.err.println("control-admin: " + why);
        System.err.println(USAGE);
        System.exit(2);
    }
}
