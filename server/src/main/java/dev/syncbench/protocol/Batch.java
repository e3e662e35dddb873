package dev.syncbench.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BATCH (flat) {count, data}: several complete messages in one frame. {@code data} holds items,
 * each a 4-byte big-endian length followed by that many bytes of one message; {@code count} is
 * advisory and not trusted.
 */
public record Batch(long count, byte[] data) implements ClientMessage {
    public static final String TYPE = "BATCH";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * How many items {@code data} really holds, whatever {@code count} says: what the frame is
     * charged and capped by. Walks the length prefixes without copying anything.
     */
    public int itemCount() {
        int items = 0;
        int position = 0;
        while (data.length - position >= 4) {
            long length = lengthAt(position);
            position += 4;
            if (length > data.length - position) {
                break;
            }
            position += (int) length;
            items++;
        }
        return items;
    }

    private long lengthAt(int position) {
        return ((data[position] & 0xffL) << 24) | ((data[position + 1] & 0xffL) << 16)
                | ((data[position + 2] & 0xffL) << 8) | (data[position + 3] & 0xffL);
    }

    /** The framed items in order; a truncated last item (or length prefix) ends the walk silently. */
    public List<byte[]> items() {
        List<byte[]> items = new ArrayList<>();
        int position = 0;
        while (data.length - position >= 4) {
            long length = lengthAt(position);
            position += 4;
            if (length > data.length - position) {
                break;
            }
            items.add(Arrays.copyOfRange(data, position, position + (int) length));
            position += (int) length;
        }
        return items;
    }

    // A record compares arrays by identity; a batch is its bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof Batch other && count == other.count && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Batch[count=" + count + ", data=" + data.length + " bytes]";
    }
}
