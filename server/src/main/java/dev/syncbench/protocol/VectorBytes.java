package dev.syncbench.protocol;

import java.util.Arrays;

/**
 * A vector as it travels: little-endian float32 values in a MessagePack bin. Kept as the client's
 * bytes, so a length that is not a multiple of 4 reaches the service, which names it in its answer.
 */
public final class VectorBytes {
    private final byte[] bytes;

    public VectorBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "VectorBytes[" + bytes.length + " bytes]";
    }
}
