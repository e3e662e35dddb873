package dev.syncbench.search;

import java.util.List;

/**
 * Turns text into vectors of a fixed dimension for the semantic leg of hybrid search and for
 * the vectors a searched map's records get. A local provider computes in memory and may run on
 * a writer's thread; a remote one (an HTTP model server) is only ever called off it.
 */
public interface EmbeddingProvider {

    int dimension();

    /** Whether embedding is cheap and never waits on I/O, so records can be embedded as they are written. */
    boolean isLocal();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts) throws EmbeddingException;

    /** What the provider is, for logs and error messages, e.g. {@code ollama nomic-embed-text (768)}. */
    String describe();
}
