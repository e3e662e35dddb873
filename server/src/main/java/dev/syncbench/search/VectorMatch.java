package dev.syncbench.search;

/** A record a vector search found: its key, its cosine similarity to the query, and its vector if asked for. */
public record VectorMatch(String key, double cosine, float[] vector) {
}
