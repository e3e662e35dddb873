package dev.syncbench.store;

/** What a durable log writes for one entry: its encoded state, or null to delete it. */
public record StoredChange(StoreKey key, byte[] state) {
}
