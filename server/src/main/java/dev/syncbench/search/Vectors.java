package dev.syncbench.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Query vectors as they travel (little-endian float32 bytes) and the checks they must pass. */
public final class Vectors {
    private Vectors() {
    }

    /** Scales a vector to unit length in place; the zero vector stays zero. */
    static void normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        if (sum == 0) {
            return;
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
    }

    /** Whether Lucene can index or search with this vector under cosine: finite and not all zeros. */
    public static boolean usable(float[] vector) {
        boolean nonZero = false;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return false;
            }
            nonZero |= v != 0;
        }
        return nonZero;
    }

    /** Little-endian float32 bytes (length a multiple of 4) as floats. */
    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }
}
