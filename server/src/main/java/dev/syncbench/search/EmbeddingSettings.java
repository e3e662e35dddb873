package dev.syncbench.search;

import java.util.Set;

/**
 * Which embedding provider semantic search uses (search.embedding.*, e.g. SEARCH_EMBEDDING_PROVIDER):
 * {@code none} (the default: semantic requests get an explicit error), {@code deterministic},
 * {@code ollama}, or {@code openai} (alias {@code http}) for any OpenAI-compatible server.
 * A dimension of 0 takes the provider's default (deterministic 256, ollama 768; openai has none).
 */
public record EmbeddingSettings(String provider, int dimension, String model, String baseUrl, String apiKey) {
    /** Lucene's limit for an HNSW vector field. */
    public static final int MAX_DIMENSION = 1024;
    private static final Set<String> PROVIDERS = Set.of("none", "deterministic", "ollama", "openai", "http");
    private static final int OLLAMA_DIMENSION = 768;
    // after PROVIDERS, which its construction reads
    public static final EmbeddingSettings NONE = new EmbeddingSettings("none", 0, null, null, null);

    /** Checks the settings; a mistake stops the start-up with a message saying what to set. */
    public EmbeddingSettings {
        provider = provider == null || provider.isBlank() ? "none" : provider.trim().toLowerCase();
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("search.embedding.provider '" + provider + "' is not one of "
                    + PROVIDERS.stream().sorted().toList());
        }
        if (dimension < 0 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("search.embedding.dimension must lie in 1.." + MAX_DIMENSION
                    + " (Lucene's limit for vector fields), got " + dimension);
        }
        boolean openai = provider.equals("openai") || provider.equals("http");
        if (openai && (dimension == 0 || blank(model) || blank(baseUrl))) {
            throw new IllegalArgumentException("search.embedding.provider " + provider + " needs"
                    + " search.embedding.base-url, search.embedding.model and search.embedding.dimension"
                    + " (SEARCH_EMBEDDING_BASE_URL, SEARCH_EMBEDDING_MODEL, SEARCH_EMBEDDING_DIMENSION)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The provider these settings name, or null for none. */
    public EmbeddingProvider create() {
        return switch (provider) {
            case "deterministic" -> new DeterministicEmbedding(dimension == 0 ? DeterministicEmbedding.DEFAULT_DIMENSION : dimension);
            case "ollama" -> new HttpEmbedding(HttpEmbedding.Api.OLLAMA,
                    blank(baseUrl) ? "http://localhost:11434" : baseUrl,
                    blank(model) ? "nomic-embed-text" : model, apiKey,
                    dimension == 0 ? OLLAMA_DIMENSION : dimension);
            case "openai", "http" -> new HttpEmbedding(HttpEmbedding.Api.OPENAI, baseUrl, model, apiKey, dimension);
            default -> null;
        };
    }
}
