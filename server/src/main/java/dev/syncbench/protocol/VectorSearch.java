package dev.syncbench.protocol;

/**
 * VECTOR_SEARCH {payload:{id, mapName, indexName?, queryVector, k, efSearch?, options?}}: the
 * records whose vectors are nearest the query vector.
 */
public record VectorSearch(String id, String mapName, String indexName, VectorBytes queryVector, long k,
                           Long efSearch, VectorSearchOptions options) implements ClientMessage {
    public static final String TYPE = "VECTOR_SEARCH";

    @Override
    public String type() {
        return TYPE;
    }
}
