package dev.syncbench.simulations;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
public record StoreCheck(long storedKeys, int sampled, List<String> wrong, int wrongCount) {

    static final StoreCheck UNKNOWN = new StoreCheck(-1, 0, List.of(), 0);

    public boolean known() {
        return storedKeys >= 0;
    }

    public static StoreCheck read(Target target, String mapName, List<ConfirmedSample.Op> sample) {
        OptionalLong stored = target.storedKeys(mapName);
        if (stored.isEmpty()) {
            return UNKNOWN;
        }
        List<String> wrong = new ArrayList<>();
        int wrongCount = 0;
        for (ConfirmedSample.Op op : sample) {
            Optional<byte[]> value = target.storedValue(mapName, op.key());
            long v = value.map(StoreCheck::vOf).orElse(Long.MIN_VALUE);
            if (v != op.v()) {
                wrongCount++;
                if (wrong.size() < 3) {
                    wrong.add(op.key() + (value.isEmpty() ? " missing" : " holds v=" + v + ", not " + op.v()));
                }
            }
        }
        return new StoreCheck(stored.getAsLong(), sample.size(), wrong, wrongCount);
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
