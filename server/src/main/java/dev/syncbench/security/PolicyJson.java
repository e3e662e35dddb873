package dev.syncbench.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Policies as JSON: what the admin API takes ({@code id?, mapPattern, action, effect, condition?,
 * conditionExpr?, subjects?, roles?}) and gives back, and how a policy is stored.
 */
public final class PolicyJson {
    /** The longest policy id; ids are keys of the reserved policy map. */
    static final int MAX_ID_LENGTH = 256;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PolicyJson() {
    }

    /**
     * A policy from a request body: a missing id gets a random UUID; {@code condition} wins over
     * {@code conditionExpr}, which is parsed into a condition and not kept. The policy is compiled
     * too, so one that would fail to evaluate is refused here.
     */
    public static Policy fromRequest(JsonNode body) throws InvalidPolicyException {
        if (body == null || !body.isObject()) {
            throw new InvalidPolicyException("the body must be a JSON object {mapPattern, action, effect, ...}", null, 422);
        }
        String id = optionalString(body, "id");
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || PolicyStore.isReservedKey(id)) {
            throw new InvalidPolicyException("id must be 1-" + MAX_ID_LENGTH + " characters and not start with '__'",
                    "id", 422);
        }
        String mapPattern = requiredString(body, "mapPattern");
        AccessAction action = AccessAction.parse(requiredString(body, "action"));
        String effect = requiredString(body, "effect");
        if (!effect.equals("allow") && !effect.equals("deny")) {
            throw new InvalidPolicyException("effect must be allow or deny, got '" + effect + "'", "effect", 422);
        }
        JsonNode condition = body.get("condition");
        if (condition != null && condition.isNull()) {
            condition = null;
        }
        if (condition == null) {
            String expression = optionalString(body, "conditionExpr");
            if (expression != null) {
                condition = ConditionExpr.parse(expression);
            }
        }
        Policy policy = new Policy(id, mapPattern, action, effect.equals("allow"), condition,
                stringList(body, "subjects"), stringList(body, "roles"));
        CompiledPolicy.compile(policy);
        return policy;
    }

    /** A stored policy; a stored form that does not read is {@link InvalidPolicyException}. */
    static Policy fromStored(JsonNode stored) throws InvalidPolicyException {
        return fromRequest(stored);
    }

    public static ObjectNode toJson(Policy policy) {
        ObjectNode node = JSON.objectNode();
        node.put("id", policy.id());
        node.put("mapPattern", policy.mapPattern());
        node.put("action", policy.action().wireName());
        node.put("effect", policy.effect());
        if (policy.condition() != null) {
            node.set("condition", policy.condition());
        }
        if (!policy.subjects().isEmpty()) {
            policy.subjects().forEach(node.putArray("subjects")::add);
        }
        if (!policy.roles().isEmpty()) {
            policy.roles().forEach(node.putArray("roles")::add);
        }
        return node;
    }

    private static String requiredString(JsonNode body, String field) throws InvalidPolicyException {
        String value = optionalString(body, field);
        if (value == null) {
            throw new InvalidPolicyException("missing field: " + field, field, 422);
        }
        return value;
    }

    private static String optionalString(JsonNode body, String field) throws InvalidPolicyException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidPolicyException(field + " must be a string", field, 422);
        }
        return value.asText();
    }

    private static List<String> stringList(JsonNode body, String field) throws InvalidPolicyException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidPolicyException(field + " must be an array of strings", field, 422);
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidPolicyException(field + " must be an array of strings", field, 422);
            }
            out.add(item.asText());
        }
        return out;
    }
}
