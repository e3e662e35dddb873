package dev.syncbench.simulations.target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A server started by someone else, possibly long running and reused by run after run. Its
 * applied-op count comes from Prometheus text at {@code /metrics} on the same host and port, when
 * it serves {@code syncbench_ops_applied_total}: read once when the target is opened and again
 * after the load, so a run is judged on the difference, never on the server's lifetime.
 */
public final class ExternalTarget implements Target {
    static final String APPLIED_METRIC = "syncbench_ops_applied_total";

    private final URI webSocketUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final OptionalLong appliedAtOpen;

    private ExternalTarget(URI webSocketUrl) {
        this.webSocketUrl = webSocketUrl;
        this.appliedAtOpen = opsAppliedTotal();
    }

    /** The server at {@code webSocketUrl}, with its applied count read now, before any load. */
    public static ExternalTarget open(URI webSocketUrl) {
        return new ExternalTarget(webSocketUrl);
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
    public TargetKind kind() {
        return TargetKind.EXTERNAL;
    }

    @Override
    public String store() {
        return "unknown";
    }

    /** Ops applied since {@link #open}: empty when the server does not serve the metric (TopGun). */
    @Override
    public OptionalLong opsApplied() {
        OptionalLong now = opsAppliedTotal();
        if (now.isEmpty() || appliedAtOpen.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(now.getAsLong() - appliedAtOpen.getAsLong());
    }

    /** The server's lifetime count, as {@code /metrics} says now. */
    OptionalLong opsAppliedTotal() {
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

    /**
     * Judged on the difference of its two readings: a server that serves the metric is checked like
     * the embedded one (another client writing to it during the run shows as a mismatch).
     */
    @Override
    public boolean assertsNothingLost() {
        return appliedAtOpen.isPresent();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
