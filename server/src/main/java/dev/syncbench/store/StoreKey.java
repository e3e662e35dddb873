package dev.syncbench.store;

/** One durable entry: an LWW record or OR-Map entry of a map's key, or a counter (map name ""). */
public record StoreKey(StoreKind kind, String mapName, String key) {

    public static StoreKey lww(String mapName, String key) {
        return new StoreKey(StoreKind.LWW, mapName, key);
    }

    public static StoreKey or(String mapName, String key) {
        return new StoreKey(StoreKind.OR, mapName, key);
    }

    public static StoreKey counter(String name) {
        return new StoreKey(StoreKind.COUNTER, "", name);
    }
}
