package dev.syncbench.crdt;

/**
 * A hybrid logical clock timestamp. Totally ordered by millis, then counter (an unsigned
 * 32-bit value held in a long), then nodeId compared as UTF-8 bytes, as TopGun's Rust core does.
 */
public record Timestamp(long millis, long counter, String nodeId) implements Comparable<Timestamp> {

    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    public Timestamp {
        if (nodeId == null) {
            throw new IllegalArgumentException("nodeId is required");
        }
    }

    @Override
    public int compareTo(Timestamp other) {
        int c = Long.compare(millis, other.millis);
        if (c != 0) {
            return c;
        }
        c = Long.compare(counter, other.counter);
        if (c != 0) {
            return c;
        }
        return nodeId.equals(other.nodeId) ? 0 : Utf8Order.compare(nodeId, other.nodeId);
    }

    public boolean isAfter(Timestamp other) {
        return compareTo(other) > 0;
    }

    /** The string form used for OR-Map tags: {@code millis:counter:nodeId}. */
    @Override
    public String toString() {
        return millis + ":" + counter + ":" + nodeId;
    }

    public static Timestamp parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
        return new Timestamp(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
    }
}
