package dev.syncbench.simulations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A server started by someone else. Its applied-op count comes from Prometheus text at
 * {@code /metrics} on the same host and port, when it serves {@code syncbench_ops_applied_total}.
 */
public final class ExternalTarget implements Target {
    private static final String APPLIED_METRIC = "syncbench_ops_applied_total";

    private final URI webSocketUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ExternalTarget(URI webSocketUrl) {
        this.webSocketUrl = webSocketUrl;
    }

    @Override
    public URI webSocketUrl() {
        return webSocketUrl;
    }

    @Override
    public String description() {
        return webSocketUrl.toString();
    }

    @Override
    public OptionalLong opsApplied() {
        String scheme = "wss".equals(webSocketUrl.getScheme()) ? "https" : "http";
        URI metrics = URI.create(scheme + "://" + webSocketUrl.getRawAuthority() + "/metrics");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalLong.empty();
            }
            return parseCounter(response.body(), APPLIED_METRIC);
        } catch (Exception unavailable) {
            return OptionalLong.empty();
        }
    }

    /** The value of an unlabelled counter line {@code name <value>} in Prometheus text. */
    static OptionalLong parseCounter(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "\t")) {
                String value = line.substring(name.length()).trim().split("\\s+")[0];
                try {
                    return OptionalLong.of((long) Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public boolean assertsNothingLost() {
        return false;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
