package dev.syncbench.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreOpenException;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.value.ValueFactory;

/**
 * Keeps the policies with the server's data: one record per policy in the reserved map
 * {@value #MAP} (the name TopGun uses; clients can neither write nor read a reserved map), its
 * value the policy's JSON, and the key {@value #CONFIGURED} once the first policy was created. On
 * a durable store they are logged like any record, so they and the marker survive a restart.
 */
final class PolicyStore {
    static final String MAP = "__topgun_policies";
    static final String CONFIGURED = "__configured";
    private static final String NODE = "policy-store";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordStore store;

    PolicyStore(RecordStore store) {
        this.store = store;
    }

    /** Keys the store uses for itself; no policy id may start with {@code __}. */
    static boolean isReservedKey(String id) {
        return id.startsWith("__");
    }

    /** What was stored. @throws StoreOpenException when a stored policy does not read: starting without it could open what it denied */
    Loaded load() {
        List<Policy> policies = new ArrayList<>();
        boolean[] configured = new boolean[1];
        List<String> unreadable = new ArrayList<>();
        store.forEachLww(MAP, (key, record) -> {
            if (record.isTombstone()) {
                return;
            }
            if (key.equals(CONFIGURED)) {
                configured[0] = true;
                return;
            }
            try {
                policies.add(PolicyJson.fromStored(JSON.readTree(record.value().toValue().asStringValue().toString())));
            } catch (InvalidPolicyException | JsonProcessingException | RuntimeException e) {
                unreadable.add(key + " (" + e.getMessage() + ")");
            }
        });
        if (!unreadable.isEmpty()) {
            throw new StoreOpenException("stored access policies do not read: " + unreadable
                    + "; fix or delete them in the store before starting");
        }
        return new Loaded(List.copyOf(policies), configured[0] || !policies.isEmpty());
    }

    /** Stores or replaces a policy and the configured marker; returns once both are in the log. */
    void put(Policy policy) {
        String json = PolicyJson.toJson(policy).toString();
        store.putLww(MAP, policy.id(), record(RecordValue.of(ValueFactory.newString(json))));
        store.putLww(MAP, CONFIGURED, record(RecordValue.of(ValueFactory.newBoolean(true))));
        store.persist(List.of(StoreKey.lww(MAP, policy.id()), StoreKey.lww(MAP, CONFIGURED)));
    }

    void delete(String id) {
        store.removeLww(MAP, id);
        store.persist(List.of(StoreKey.lww(MAP, id)));
    }

    private static LwwRecord record(RecordValue value) {
        return new LwwRecord(value, new Timestamp(System.currentTimeMillis(), 0, NODE), null);
    }

    record Loaded(List<Policy> policies, boolean configured) {
    }
}
