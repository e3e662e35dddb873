package dev.syncbench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Vectors derived from the text alone, without a model, for tests and benchmarks: a hashed bag
 * of words. Each word (split and lowercased as the full-text index splits it) adds ±1 to the
 * dimension its hash picks; the sum is scaled to unit length. Texts sharing words point the same
 * way, so nearest neighbours are texts with words in common; the same text always gives the same
 * vector, on every machine. A text without words gives the zero vector, which is never indexed.
 */
public final class DeterministicEmbedding implements EmbeddingProvider {
    public static final int DEFAULT_DIMENSION = 256;

    private final int dimension;

    public DeterministicEmbedding(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    public float[] embed(String text) {
        float[] vector = new float[dimension];
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                if (i - start <= TextAnalyzer.MAX_TOKEN_CHARS) {
                    add(vector, text.substring(start, i).toLowerCase(Locale.ROOT));
                }
                start = -1;
            }
        }
        Vectors.normalize(vector);
        return vector;
    }

    private void add(float[] vector, String word) {
        long hash = mix(fnv1a64(word));
        int slot = (int) Math.floorMod(hash, (long) dimension);
        vector[slot] += (hash >>> 63) == 0 ? 1f : -1f;
    }

    private static long fnv1a64(String word) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < word.length(); i++) {
            hash ^= word.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finalizer: spreads the hash so slot and sign are independent. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String describe() {
        return "deterministic (" + dimension + ")";
    }
}
