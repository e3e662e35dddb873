package dev.syncbench.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Vectors from a model server over HTTP, in one of two APIs, each sent {@code {model, input:[texts]}}:
 * Ollama's {@code POST /api/embed} (answer {@code {embeddings:[[…]]}}) and the OpenAI-compatible
 * {@code POST /v1/embeddings} (answer {@code {data:[{index, embedding:[…]}]}}), which vLLM,
 * LM Studio, llama.cpp and OpenAI itself speak. Every vector must have the configured dimension.
 */
public final class HttpEmbedding implements EmbeddingProvider {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Api { OLLAMA, OPENAI }

    private final Api api;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final int dimension;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpEmbedding(Api api, String baseUrl, String model, String apiKey, int dimension) {
        this.api = api;
        this.endpoint = URI.create(endpoint(api, baseUrl));
        this.model = model;
        this.apiKey = apiKey;
        this.dimension = dimension;
    }

    /** The API's path under the base URL; an OpenAI base URL may already end in /v1, as OpenAI's own does. */
    private static String endpoint(Api api, String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return switch (api) {
            case OLLAMA -> base + "/api/embed";
            case OPENAI -> base.endsWith("/v1") ? base + "/embeddings" : base + "/v1/embeddings";
        };
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public List<float[]> embed(List<String> texts) throws EmbeddingException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        texts.forEach(body.putArray("input")::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmbeddingException(endpoint + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted waiting for " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            String text = response.body();
            throw new EmbeddingException(endpoint + " answered HTTP " + response.statusCode() + ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
        }
        List<float[]> vectors = parse(response.body());
        if (vectors.size() != texts.size()) {
            throw new EmbeddingException(endpoint + " returned " + vectors.size() + " vectors for " + texts.size() + " texts");
        }
        for (float[] vector : vectors) {
            if (vector.length != dimension) {
                throw new EmbeddingException(endpoint + " returned vectors of dimension " + vector.length
                        + ", but the server is configured for " + dimension + " (search.embedding.dimension)");
            }
        }
        return vectors;
    }

    private List<float[]> parse(String body) throws EmbeddingException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new EmbeddingException(endpoint + " did not answer JSON: " + e.getMessage(), e);
        }
        List<float[]> vectors = new ArrayList<>();
        switch (api) {
            case OLLAMA -> {
                JsonNode embeddings = root.path("embeddings");
                if (!embeddings.isArray()) {
                    throw new EmbeddingException(endpoint + " answered without an 'embeddings' array");
                }
                for (JsonNode vector : embeddings) {
                    vectors.add(floats(vector));
                }
            }
            case OPENAI -> {
                JsonNode data = root.path("data");
                if (!data.isArray()) {
                    throw new EmbeddingException(endpoint + " answered without a 'data' array");
                }
                float[][] byIndex = new float[data.size()][];
                for (JsonNode item : data) {
                    int index = item.path("index").asInt(-1);
                    if (index < 0 || index >= byIndex.length) {
                        throw new EmbeddingException(endpoint + " answered an item without a valid 'index'");
                    }
                    byIndex[index] = floats(item.path("embedding"));
                }
                vectors.addAll(Arrays.asList(byIndex));
            }
        }
        return vectors;
    }

    private float[] floats(JsonNode array) throws EmbeddingException {
        if (!array.isArray()) {
            throw new EmbeddingException(endpoint + " answered a vector that is not an array of numbers");
        }
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode number = array.get(i);
            if (!number.isNumber()) {
                throw new EmbeddingException(endpoint + " answered a vector that is not an array of numbers");
            }
            vector[i] = number.floatValue();
        }
        return vector;
    }

    @Override
    public String describe() {
        return api.name().toLowerCase() + " " + model + " at " + endpoint + " (" + dimension + ")";
    }
}
