package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import java.nio.file.Path;

/**
 * How a run counts, read from system properties beside {@link LoadSettings}.
 *
 * @param ordered whether the target answers a connection's frames in order ({@code -Dordered}, default
 *                true: syncbench's protocol promises it). Only then can an ERROR, which names no op, be
 *                tied to the oldest unanswered batch; against TopGun's server (up to 32 frames of a
 *                connection in flight) run with {@code -Dordered=false}, and ERRORs are counted
 *                without being tied. An ordered run that sees an ack overtake an earlier batch fails
 *                its {@code replies_in_order} gate.
 * @param warmupSecs seconds after the handshakes whose batches enter no figure ({@code -Dwarmup}, default 5)
 * @param fixedSchedule fire-and-wait only ({@code -Dschedule=fixed}): each connection's sends are due every
 *                      {@code interval} ms from its start; a late send goes at once, and latency counts
 *                      from when it was due, so a stalled server cannot hide its stall (no coordinated omission)
 * @param maxTimeoutPct the most batches that may time out, in percent of the batches that ended
 */
public record CountingSettings(boolean ordered, int warmupSecs, boolean fixedSchedule, double maxTimeoutPct) {

    /** The settings of a run judged by {@code baseline}, whose profile (chosen by name or by cores) holds the timeout limit. */
    public static CountingSettings fromSystemProperties(Baseline baseline, Path baselineFile, LoadMode mode) {
        return of(baseline, baselineFile, mode, booleanProperty("ordered", true),
                SystemProperties.intProperty("warmup", 5, 0, 3_600), schedule());
    }

    /** The settings a run had, with the timeout limit of {@code baseline}'s profile (a merge of injectors' runs). */
    public static CountingSettings of(Baseline baseline, Path baselineFile, LoadMode mode, boolean ordered,
                                      int warmupSecs, boolean fixedSchedule) {
        String profile = BaselineFile.TOP_LEVEL.equals(baseline.profile()) ? null : baseline.profile();
        return new CountingSettings(ordered, warmupSecs, fixedSchedule, maxTimeoutPct(baselineFile, profile, mode));
    }

    /**
     * {@code max_timeout_pct} of the mode's floors in baseline.json; when absent, 0 for fire-and-forget
     * and for fire-and-wait what its acked floor already tolerates ({@code 100 - min_acked_pct}).
     */
    static double maxTimeoutPct(Path file, String profile, LoadMode mode) {
        BaselineFile baseline = BaselineFile.read(file);
        var section = (profile == null ? baseline.root() : baseline.profile(profile)).path(mode.baselineKey());
        String prefix = (profile == null ? "" : "profiles." + profile + ".") + mode.baselineKey() + ".";
        if (section.has("max_timeout_pct")) {
            return baseline.number(section, prefix, "max_timeout_pct", true);
        }
        return mode == LoadMode.FIRE_AND_WAIT ? Math.max(0, 100 - baseline.number(section, prefix, "min_acked_pct",
                false)) : 0;
    }

    private static boolean schedule() {
        String text = System.getProperty("schedule", "closed").trim();
        return switch (text) {
            case "closed", "" -> false;
            case "fixed" -> true;
            default -> throw new BadInputException("-Dschedule=" + text + " is not a schedule (expected closed or fixed)");
        };
    }

    private static boolean booleanProperty(String name, boolean defaultValue) {
        String text = System.getProperty(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadInputException("-D" + name + "=" + text + " is not true or false");
        };
    }
}
