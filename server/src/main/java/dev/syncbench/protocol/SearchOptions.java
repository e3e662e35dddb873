package dev.syncbench.protocol;

/**
 * SEARCH / SEARCH_SUB {@code options}: {@code limit} and {@code minScore} are null when absent.
 * {@code boost} is accepted and ignored, since the index has a single text field (as TopGun's).
 */
public record SearchOptions(Long limit, Double minScore) {
    public static final SearchOptions DEFAULTS = new SearchOptions(null, null);
}
