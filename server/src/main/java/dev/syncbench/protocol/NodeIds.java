package dev.syncbench.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Canonical node id strings, looked up straight from frame bytes. Every stored timestamp holds a
 * node id, and a few writers write most records, so sharing one instance per id saves about 48
 * bytes per stored record, and a known id costs no String at all to decode.
 *
 * <p>Only authenticated clients add ids ({@link #canonical}); anyone may reuse one ({@link #known}).
 * The table is bounded by count and by bytes, and long ids are never kept, so a client inventing
 * ids cannot grow it past {@link #MAX_SHARED} ids of at most {@link #MAX_ID_BYTES} bytes; past the
 * bounds ids are simply not shared.
 */
final class NodeIds {
    static final int MAX_SHARED = 65_536;
    static final int MAX_ID_BYTES = 128;
    static final long MAX_SHARED_BYTES = 2L * 1024 * 1024;
    private static final int SLOTS = 2 * MAX_SHARED; // a power of two, at most half full

    private record Entry(byte[] utf8, String id) {
        boolean matches(byte[] frame, int start, int length) {
            return Arrays.equals(utf8, 0, utf8.length, frame, start, start + length);
        }
    }

    private static final AtomicReferenceArray<Entry> TABLE = new AtomicReferenceArray<>(SLOTS);
    private static final AtomicLong SHARED = new AtomicLong();
    private static final AtomicLong SHARED_BYTES = new AtomicLong();

    private NodeIds() {
    }

    /** The shared id for the UTF-8 bytes {@code frame[start, start + length)}, added if there is room. */
    static String canonical(byte[] frame, int start, int length) {
        int slot = hash(frame, start, length);
        Entry entry;
        while ((entry = TABLE.get(slot)) != null) {
            if (entry.matches(frame, start, length)) {
                return entry.id();
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        String id = new String(frame, start, length, StandardCharsets.UTF_8);
        if (length > MAX_ID_BYTES || !reserve(length)) {
            return id;
        }
        Entry added = new Entry(Arrays.copyOfRange(frame, start, start + length), id);
        while (!TABLE.compareAndSet(slot, null, added)) {
            Entry raced = TABLE.get(slot);
            if (raced.matches(frame, start, length)) {
                release(length);
                return raced.id();
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        return id;
    }

    /** The shared id for these bytes if there is one, else a new String; never adds. */
    static String known(byte[] frame, int start, int length) {
        int slot = hash(frame, start, length);
        Entry entry;
        while ((entry = TABLE.get(slot)) != null) {
            if (entry.matches(frame, start, length)) {
                return entry.id();
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        return new String(frame, start, length, StandardCharsets.UTF_8);
    }

    /** How many ids and how many bytes of ids are shared now. */
    static long sharedCount() {
        return SHARED.get();
    }

    static long sharedBytes() {
        return SHARED_BYTES.get();
    }

    private static boolean reserve(int bytes) {
        if (SHARED.incrementAndGet() > MAX_SHARED) {
            SHARED.decrementAndGet();
            return false;
        }
        if (SHARED_BYTES.addAndGet(bytes) > MAX_SHARED_BYTES) {
            release(bytes);
            return false;
        }
        return true;
    }

    private static void release(int bytes) {
        SHARED.decrementAndGet();
        SHARED_BYTES.addAndGet(-bytes);
    }

    private static int hash(byte[] bytes, int start, int length) {
        int h = length;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        return (h * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }
}
