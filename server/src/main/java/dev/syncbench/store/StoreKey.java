package dev.syncbench.store;

/**
 * One durable entry: an LWW record or OR-Map entry of a map's key, a counter, or a journal entry
 * (map name "" for the last two).
 */
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

    public static StoreKey journal(long sequence) {
        return new StoreKey(StoreKind.JOURNAL, "", Long.toString(sequence));
    }
}
