package dev.syncbench.protocol;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical node id strings. Every stored timestamp holds a node id, and a few writers write most
 * records, so sharing one instance per id saves about 48 bytes per stored record. Bounded, so a
 * client inventing ids cannot grow it without limit; past the bound ids are simply not shared.
 */
final class NodeIds {
    private static final int MAX_SHARED = 65_536;
    private static final ConcurrentHashMap<String, String> SHARED = new ConcurrentHashMap<>();

    private NodeIds() {
    }

    static String canonical(String nodeId) {
        String shared = SHARED.get(nodeId);
        if (shared != null) {
            return shared;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return nodeId;
        }
        String previous = SHARED.putIfAbsent(nodeId, nodeId);
        return previous == null ? nodeId : previous;
    }
}
