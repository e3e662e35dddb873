package dev.syncbench.crdt;

import java.util.HashMap;
import java.util.Map;

/**
 * A positive-negative counter: per node, the total of increments (p) and of decrements (n).
 * Merging takes the maximum per node on each side, so merges commute and repeat safely.
 */
public record PnCounter(Map<String, Double> p, Map<String, Double> n) {

    public static final PnCounter EMPTY = new PnCounter(Map.of(), Map.of());

    public PnCounter {
        p = Map.copyOf(p);
        n = Map.copyOf(n);
    }

    public PnCounter merge(PnCounter other) {
        return new PnCounter(maxPerNode(p, other.p), maxPerNode(n, other.n));
    }

    public double value() {
        return sum(p) - sum(n);
    }

    private static Map<String, Double> maxPerNode(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> merged = new HashMap<>(a);
        b.forEach((node, v) -> merged.merge(node, v, Math::max));
        return merged;
    }

    private static double sum(Map<String, Double> side) {
        return side.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
