package dev.syncbench.crdt;

import dev.syncbench.sync.MerkleHash;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The OR-Map state of one key: live records by tag, plus the tags removed from this key.
 * Immutable; every change returns a new entry, and an operation that changes nothing returns
 * {@code this}, so a caller can tell an applied change with {@code result != entry}.
 *
 * <p>A tombstoned tag never comes back (remove wins for observed tags), while adds under other
 * tags are untouched (add wins for concurrent adds). Tombstones are kept per key, as TopGun's
 * server keeps them.
 */
public final class OrMapEntry {
    public static final OrMapEntry EMPTY = new OrMapEntry(Map.of(), Set.of());

    private final Map<String, OrRecord> recordsByTag;
    private final Set<String> tombstones;

    private OrMapEntry(Map<String, OrRecord> recordsByTag, Set<String> tombstones) {
        this.recordsByTag = recordsByTag;
        this.tombstones = tombstones;
    }

    /**
     * Adds a record under its tag. Ignored if the tag is tombstoned or the stored record with
     * that tag is as new or newer; a strictly newer timestamp replaces it.
     */
    public OrMapEntry add(OrRecord record) {
        if (!accepts(record)) {
            return this;
        }
        Map<String, OrRecord> records = new LinkedHashMap<>(recordsByTag);
        records.put(record.tag(), record);
        return new OrMapEntry(Collections.unmodifiableMap(records), tombstones);
    }

    /** Tombstones a tag, even one never seen here, and drops its record. */
    public OrMapEntry removeTag(String tag) {
        if (tombstones.contains(tag)) {
            return this;
        }
        Map<String, OrRecord> records = recordsByTag;
        if (records.containsKey(tag)) {
            records = new LinkedHashMap<>(records);
            records.remove(tag);
            records = Collections.unmodifiableMap(records);
        }
        Set<String> removed = new HashSet<>(tombstones);
        removed.add(tag);
        return new OrMapEntry(records, Collections.unmodifiableSet(removed));
    }

    /**
     * Merges another replica's state of this key (the reference merge_key): union the
     * tombstones, drop local records they cover, then add each incoming record as {@link #add}
     * would.
     */
    public OrMapEntry merge(Collection<OrRecord> records, Collection<String> tombstoneTags) {
        Set<String> mergedTombstones = tombstones;
        if (!tombstones.containsAll(tombstoneTags)) {
            mergedTombstones = new HashSet<>(tombstones);
            mergedTombstones.addAll(tombstoneTags);
            mergedTombstones = Collections.unmodifiableSet(mergedTombstones);
        }
        Map<String, OrRecord> mergedRecords = null;
        for (OrRecord local : recordsByTag.values()) {
            if (mergedTombstones.contains(local.tag())) {
                if (mergedRecords == null) {
                    mergedRecords = new LinkedHashMap<>(recordsByTag);
                }
                mergedRecords.remove(local.tag());
            }
        }
        for (OrRecord incoming : records) {
            if (mergedTombstones.contains(incoming.tag())) {
                continue;
            }
            Map<String, OrRecord> current = mergedRecords != null ? mergedRecords : recordsByTag;
            OrRecord existing = current.get(incoming.tag());
            if (existing == null || incoming.timestamp().isAfter(existing.timestamp())) {
                if (mergedRecords == null) {
                    mergedRecords = new LinkedHashMap<>(recordsByTag);
                }
                mergedRecords.put(incoming.tag(), incoming);
            }
        }
        if (mergedRecords == null && mergedTombstones == tombstones) {
            return this;
        }
        Map<String, OrRecord> finalRecords =
                mergedRecords == null ? recordsByTag : Collections.unmodifiableMap(mergedRecords);
        return new OrMapEntry(finalRecords, mergedTombstones);
    }

    /** The live records (tombstoned tags never appear here), in insertion order. */
    public Collection<OrRecord> records() {
        return recordsByTag.values();
    }

    /** The stored record with this tag, or null. */
    public OrRecord record(String tag) {
        return recordsByTag.get(tag);
    }

    public Set<String> tombstones() {
        return tombstones;
    }

    public boolean isTombstoned(String tag) {
        return tombstones.contains(tag);
    }

    /** True when this key holds neither records nor tombstones: it has no Merkle leaf entry. */
    public boolean isEmpty() {
        return recordsByTag.isEmpty() && tombstones.isEmpty();
    }

    /** This key's item hash in the OR-Map Merkle tree: its live and tombstoned tags. */
    public int merkleHash(String key) {
        return MerkleHash.orEntryHash(key, recordsByTag.keySet(), tombstones);
    }

    private boolean accepts(OrRecord record) {
        if (tombstones.contains(record.tag())) {
            return false;
        }
        OrRecord existing = recordsByTag.get(record.tag());
        return existing == null || record.timestamp().isAfter(existing.timestamp());
    }

    /** Equal when both hold the same records by tag and the same tombstones. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OrMapEntry other
                && recordsByTag.equals(other.recordsByTag)
                && tombstones.equals(other.tombstones);
    }

    @Override
    public int hashCode() {
        return 31 * recordsByTag.hashCode() + tombstones.hashCode();
    }

    @Override
    public String toString() {
        return "OrMapEntry{records=" + recordsByTag.values() + ", tombstones=" + tombstones + "}";
    }
}
