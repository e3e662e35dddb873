package dev.syncbench.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion of ranked lists (reference §2.2): a key's score is the sum over the
 * lists holding it of 1 / (60 + rank), so agreeing lists lift a key whatever their score scales.
 * Results are ordered by score descending, then key ascending, and cut to {@code k}.
 */
public final class RankFusion {
    public static final int K = 60;

    /** A key at a 1-based rank in one method's list, with the score that method gave it. */
    public record Ranked(String key, int rank, double methodScore) {
    }

    /** A fused result: its fused score and each method's own score, by method name. */
    public record Fused(String key, double score, Map<String, Double> methodScores) {
    }

    private RankFusion() {
    }

    /** Fuses the lists, keyed by method name in the order the methods ran; empty lists take no part. */
    public static List<Fused> fuse(Map<String, List<Ranked>> lists, int k) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Map<String, Double>> methodScores = new LinkedHashMap<>();
        lists.forEach((method, ranked) -> {
            for (Ranked entry : ranked) {
                scores.computeIfAbsent(entry.key(), key -> new double[1])[0] += 1.0 / (K + entry.rank());
                methodScores.computeIfAbsent(entry.key(), key -> new LinkedHashMap<>()).put(method, entry.methodScore());
            }
        });
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((key, score) -> fused.add(new Fused(key, score[0], methodScores.get(key))));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::key));
        return fused.size() > k ? List.copyOf(fused.subList(0, k)) : fused;
    }
}
