package dev.syncbench.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.net.JwtAuthenticator;
import dev.syncbench.security.AccessControl;
import dev.syncbench.security.InvalidPolicyException;
import dev.syncbench.security.Policy;
import dev.syncbench.security.PolicyJson;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreUnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin HTTP API under {@code /api/admin} (reference features §3.6, §8): list, create and
 * delete access policies, and list maps with their entry counts. Every route, unknown ones
 * included, first needs an admin token ({@link AdminAuth}); answers and errors are JSON
 * {@code {code, message, field?}}.
 */
public final class AdminRoutes implements HttpService {
    private static final Logger LOG = Logger.getLogger(AdminRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminAuth auth;
    private final AccessControl access;
    private final RecordStore store;

    /** @param authenticator null when the server runs without authentication: every route then answers 401 */
    public AdminRoutes(JwtAuthenticator authenticator, AccessControl access, RecordStore store) {
        this.auth = new AdminAuth(authenticator);
        this.access = access;
        this.store = store;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::authenticate)
                .get("/policies", this::listPolicies)
                .post("/policies", this::createPolicy)
                .delete("/policies/{id}", this::deletePolicy)
                .get("/maps", this::listMaps)
                .any((req, res) -> error(res, 404, "no admin route " + req.prologue().method().text() + " "
                        + req.path().path(), null));
    }

    private void authenticate(ServerRequest req, ServerResponse res) {
        Optional<AdminAuth.Refusal> refusal = auth.check(req.headers().first(HeaderNames.AUTHORIZATION));
        if (refusal.isPresent()) {
            if (refusal.get().status() == 401) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            error(res, refusal.get().status(), refusal.get().message(), null);
            return;
        }
        res.next();
    }

    private void listPolicies(ServerRequest req, ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("policies");
        access.policies().forEach(p -> list.add(PolicyJson.toJson(p)));
        send(res, 200, body);
    }

    private void createPolicy(ServerRequest req, ServerResponse res) {
        boolean json = req.headers().contentType()
                .map(type -> type.mediaType().subtype().equals("json") || type.mediaType().subtype().endsWith("+json"))
                .orElse(false);
        if (!json) {
            error(res, 415, "expected Content-Type: application/json", null);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.content().as(byte[].class));
        } catch (JsonProcessingException e) {
            error(res, 400, "malformed JSON: " + e.getOriginalMessage(), null);
            return;
        } catch (java.io.IOException e) {
            error(res, 400, "unreadable body: " + e.getMessage(), null);
            return;
        }
        Policy policy;
        try {
            policy = PolicyJson.fromRequest(body);
        } catch (InvalidPolicyException e) {
            error(res, e.status(), e.getMessage(), e.field());
            return;
        }
        try {
            send(res, 201, PolicyJson.toJson(access.put(policy)));
        } catch (StoreUnavailableException e) {
            error(res, 503, "failed to create policy: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to create policy " + policy.id(), e);
            error(res, 500, "failed to create policy: " + e.getMessage(), null);
        }
    }

    private void deletePolicy(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        try {
            access.delete(id);
            res.status(Status.NO_CONTENT_204).send();
        } catch (StoreUnavailableException e) {
            error(res, 503, "failed to delete policy: " + e.getMessage(), null);
        }
    }

    /**
     * {@code {maps: [{name, entryCount}]}}, sorted by name: every map holding LWW records or OR-Map
     * entries, its live records counted (tombstones and expired records are not entries). Reserved
     * maps and TopGun's {@code $sys/} maps are left out.
     */
    private void listMaps(ServerRequest req, ServerResponse res) {
        long now = System.currentTimeMillis();
        TreeMap<String, Long> counts = new TreeMap<>();
        for (String name : store.lwwMapNames()) {
            if (listed(name)) {
                long[] live = new long[1];
                store.forEachLww(name, (key, record) -> {
                    if (isLive(record, now)) {
                        live[0]++;
                    }
                });
                counts.merge(name, live[0], Long::sum);
            }
        }
        for (String name : store.orMapNames()) {
            if (listed(name)) {
                long[] live = new long[1];
                store.forEachOr(name, (key, entry) -> {
                    if (!entry.records().isEmpty()) {
                        live[0]++;
                    }
                });
                counts.merge(name, live[0], Long::sum);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode maps = body.putArray("maps");
        counts.forEach((name, count) -> maps.addObject().put("name", name).put("entryCount", count));
        send(res, 200, body);
    }

    private static boolean listed(String name) {
        return !name.startsWith("_topgun_") && !name.startsWith("__topgun_") && !name.startsWith("$sys/");
    }

    private static boolean isLive(LwwRecord record, long now) {
        return !record.isTombstone() && record.isLive(now);
    }

    private static void error(ServerResponse res, int status, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", status);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        send(res, status, body);
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body.toString());
    }
}
