package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.target.StoreCheck;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys written to the load's map by clients other than the load (the regex abuser's large values),
 * so "nothing lost" can count the load's records alone: a key the server acknowledged is in the
 * store; one sent but never acknowledged may or may not be.
 */
public final class ForeignWrites {
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    public void sent(List<String> keys) {
        sent.addAll(keys);
    }

    public void acknowledged(List<String> keys) {
        acknowledged.addAll(keys);
    }

    long acknowledgedKeys() {
        return acknowledged.size();
    }

    /** Keys sent whose every write went unanswered. */
    long uncertainKeys() {
        return sent.stream().filter(key -> !acknowledged.contains(key)).count();
    }

    /**
     * The store's count of the load's map without these keys. A key in doubt is counted as absent
     * only when the count allows nothing else, so the gate stays exact when there is no doubt.
     */
    public StoreCheck withoutForeignKeys(StoreCheck store, long loadConfirmedOps, long loadUnansweredOps) {
        if (!store.known()) {
            return store;
        }
        long load = store.storedKeys() - acknowledgedKeys();
        long uncertain = uncertainKeys();
        long excess = load - (loadConfirmedOps + loadUnansweredOps);
        if (uncertain > 0 && excess > 0) {
            load -= Math.min(uncertain, excess);
        }
        return new StoreCheck(load, store.sampled(), store.wrong(), store.wrongCount(),
                store.source() + ", less " + acknowledgedKeys() + " keys the abusers wrote and had acknowledged"
                        + (uncertain > 0 ? " and up to " + uncertain + " they wrote unanswered" : ""));
    }
}
