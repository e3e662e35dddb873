package dev.syncbench.search;

import java.util.List;

/** A record a search found: its key, its BM25 score, and the query's terms that occur in it. */
public record ScoredKey(String key, double score, List<String> matchedTerms) {
}
