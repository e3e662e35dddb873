package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The load baseline.json's ops/s floors were set for ({@code floors_set_for}: TopGun's harness
 * defaults, 200 connections, batches of 10, fire-and-wait pausing 50 ms, fire-and-forget awaiting
 * every 50th batch). A run that offers less, such as a 20-connection smoke run, cannot be expected
 * to reach an absolute floor made for that load: below it, its ops/s is reported as not judged
 * instead of failing; every other gate still applies. A run offering at least this load is judged
 * exactly as before.
 */
public record FloorLoad(int connections, int batchSize, int intervalMs, int window) {
    static final String KEY = "floors_set_for";

    /** {@code floors_set_for} of baseline.json; empty when the file does not say, and every floor applies. */
    static Optional<FloorLoad> read(BaselineFile baseline) {
        JsonNode node = baseline.root().path(KEY);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        String prefix = KEY + ".";
        return Optional.of(new FloorLoad((int) baseline.number(node, prefix, "connections", true),
                (int) baseline.number(node, prefix, "batch_size", true),
                (int) baseline.number(node, prefix, "interval_ms", true),
                (int) baseline.number(node, prefix, "window", true)));
    }

    /** Why the ops/s floor does not apply to a run with {@code settings}; empty when it does. */
    public Optional<String> whyNotApplicable(LoadMode mode, LoadSettings settings) {
        List<String> lighter = new ArrayList<>();
        if (settings.connections() < connections) {
            lighter.add(settings.connections() + " connections");
        }
        if (settings.batchSize() < batchSize) {
            lighter.add("batches of " + settings.batchSize());
        }
        if (mode == LoadMode.FIRE_AND_WAIT && settings.intervalMs() > intervalMs) {
            lighter.add("interval " + settings.intervalMs() + " ms");
        }
        if (mode == LoadMode.FIRE_AND_FORGET && settings.window() != 0 && settings.window() < window) {
            lighter.add("window " + settings.window());
        }
        if (lighter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "it is set for %d connections, batches of %d, %s, and this "
                        + "run offers less load (%s)", connections, batchSize,
                mode == LoadMode.FIRE_AND_WAIT ? "interval " + intervalMs + " ms" : "window " + window,
                String.join(", ", lighter)));
    }
}
