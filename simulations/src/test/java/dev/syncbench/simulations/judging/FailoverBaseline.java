package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * The failover's ceiling in {@code baseline.json}, under {@code failover} (a profile's own section
 * replaces the top-level one): the longest a writer may go from losing its connection (or an answer)
 * to its next acknowledged batch. Zero acknowledged loss needs no number: it is always gated.
 */
public record FailoverBaseline(String source, String profile, double maxRecoveryMs) {
    public static final String KEY = "failover";

    public static FailoverBaseline load(Path file, String requestedProfile) {
        BaselineFile baseline = BaselineFile.read(file);
        BaselineFile.Section chosen = baseline.section(KEY, requestedProfile);
        JsonNode section = chosen.node();
        String where = chosen.where();
        String profile = chosen.profile();
        return new FailoverBaseline(file.toString(), profile, baseline.number(section, where, "max_recovery_ms", true));
    }
}
