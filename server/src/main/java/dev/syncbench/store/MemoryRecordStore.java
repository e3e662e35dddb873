package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.PnCounter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Records in concurrent hash maps, one per map name. On its own nothing survives a restart; it is
 * also the serving index of {@link DurableRecordStore}.
 */
public final class MemoryRecordStore implements RecordStore {
    private final Map<String, Map<String, LwwRecord>> lwwMaps = new ConcurrentHashMap<>();
    private final Map<String, Map<String, OrMapEntry>> orMaps = new ConcurrentHashMap<>();
    private final Map<String, PnCounter> counters = new ConcurrentHashMap<>();

    @Override
    public LwwRecord getLww(String mapName, String key) {
        Map<String, LwwRecord> map = lwwMaps.get(mapName);
        return map == null ? null : map.get(key);
    }

    @Override
    public void putLww(String mapName, String key, LwwRecord record) {
        lwwMaps.computeIfAbsent(mapName, name -> new ConcurrentHashMap<>()).put(key, record);
    }

    @Override
    public OrMapEntry getOr(String mapName, String key) {
        Map<String, OrMapEntry> map = orMaps.get(mapName);
        return map == null ? null : map.get(key);
    }

    @Override
    public void putOr(String mapName, String key, OrMapEntry entry) {
        orMaps.computeIfAbsent(mapName, name -> new ConcurrentHashMap<>()).put(key, entry);
    }

    @Override
    public void forEachLww(String mapName, BiConsumer<String, LwwRecord> action) {
        Map<String, LwwRecord> map = lwwMaps.get(mapName);
        if (map != null) {
            map.forEach(action);
        }
    }

    @Override
    public void forEachOr(String mapName, BiConsumer<String, OrMapEntry> action) {
        Map<String, OrMapEntry> map = orMaps.get(mapName);
        if (map != null) {
            map.forEach(action);
        }
    }

    @Override
    public void removeLww(String mapName, String key) {
        Map<String, LwwRecord> map = lwwMaps.get(mapName);
        if (map != null) {
            map.remove(key);
        }
    }

    @Override
    public Set<String> lwwMapNames() {
        return Set.copyOf(lwwMaps.keySet());
    }

    @Override
    public Set<String> orMapNames() {
        return Set.copyOf(orMaps.keySet());
    }

    @Override
    public long lwwRecordCount() {
        return lwwMaps.values().stream().mapToLong(Map::size).sum();
    }

    @Override
    public PnCounter getCounter(String name) {
        return counters.get(name);
    }

    @Override
    public void putCounter(String name, PnCounter state) {
        counters.put(name, state);
    }

    @Override
    public void removeCounter(String name) {
        counters.remove(name);
    }

    @Override
    public void forEachCounter(BiConsumer<String, PnCounter> action) {
        counters.forEach(action);
    }

    @Override
    public void persist(Collection<StoreKey> keys) {
    }

    @Override
    public boolean acceptsWrites() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean isDurable() {
        return false;
    }

    @Override
    public void close() {
    }
}
