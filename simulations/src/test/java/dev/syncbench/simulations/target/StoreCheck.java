package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.ConfirmedSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * What the target's store holds after the run, read from the store itself (not from a counter of
 * ops processed): how many records the written map has, and whether a sample of confirmed ops
 * is there with the value each carried.
 *
 * @param storedKeys records in the map, or -1 when the target cannot tell
 * @param sampled confirmed ops looked up
 * @param wrong the sampled ops missing or holding another value (at most a few, for the message)
 * @param wrongCount how many sampled ops were missing or wrong
 * @param source how the store was read, or why it could not be
 */
public record StoreCheck(long storedKeys, int sampled, List<String> wrong, int wrongCount, String source) {

    public static final StoreCheck UNKNOWN = notChecked("the target's store cannot be read from here");
    private static final String FROM_STORE = "read from the store";

    public StoreCheck(long storedKeys, int sampled, List<String> wrong, int wrongCount) {
        this(storedKeys, sampled, wrong, wrongCount, FROM_STORE);
    }

    /** The store could not be read, for the reason given. */
    static StoreCheck notChecked(String why) {
        return new StoreCheck(-1, 0, List.of(), 0, why);
    }

    public boolean known() {
        return storedKeys >= 0;
    }

    /** Reads the store of a target that can tell ({@link Target#storedKeys}); {@link #UNKNOWN} otherwise. */
    public static StoreCheck read(Target target, String mapName, List<ConfirmedSample.Op> sample) {
        OptionalLong stored = target.storedKeys(mapName);
        if (stored.isEmpty()) {
            return UNKNOWN;
        }
        Map<String, Long> found = new HashMap<>();
        for (ConfirmedSample.Op op : sample) {
            target.storedValue(mapName, op.key()).ifPresent(value -> {
                if (value.length > 0) {
                    found.put(op.key(), vOf(value));
                }
            });
        }
        return compare(stored.getAsLong(), sample, found, FROM_STORE);
    }

    /** {@code storedKeys} and the {@code v} found under each sampled key (absent: missing), against the sample. */
    static StoreCheck compare(long storedKeys, List<ConfirmedSample.Op> sample, Map<String, Long> found, String source) {
        List<String> wrong = new ArrayList<>();
        int wrongCount = 0;
        for (ConfirmedSample.Op op : sample) {
            Long v = found.get(op.key());
            if (v == null || v != op.v()) {
                wrongCount++;
                if (wrong.size() < 3) {
                    wrong.add(op.key() + (v == null ? " missing" : " holds v=" + v + ", not " + op.v()));
                }
            }
        }
        return new StoreCheck(storedKeys, sample.size(), wrong, wrongCount, source);
    }
    /** {@code v} of a stored value {@code {v: n}}; MIN_VALUE when it has no such field. */
    static long vOf(byte[] messagePack) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(messagePack)) {
            int entries = unpacker.unpackMapHeader();
            for (int i = 0; i < entries; i++) {
                if (unpacker.unpackString().equals("v")) {
                    return unpacker.unpackLong();
                }
                unpacker.skipValue();
            }
        } catch (IOException | RuntimeException malformed) {
            // not the shape this suite writes
        }
        return Long.MIN_VALUE;
    }
}
