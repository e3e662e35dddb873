package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.StorageChoice;
import dev.syncbench.simulations.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What makes two runs comparable: the same kind of target, the same store, a machine with as many
 * cores, and the same load parameters (duration included). A regression warning compares a run only
 * with a reference measured like it; baseline.json's references record these as {@code target},
 * {@code store}, {@code cpu_cores} and {@code parameters}.
 */
public record RunIdentity(String target, String store, int cpuCores, Map<String, Object> parameters) {

    /** This run on this machine; {@code parameters} as the run reports them (the profile is left out). */
    public static RunIdentity of(LoadSettings settings, Map<String, Object> parameters) {
        Map<String, Object> compared = new LinkedHashMap<>(parameters);
        compared.remove("baseline_profile");
        compared.remove("drain_secs"); // how long the run may wait for stragglers, not how it loads
        return new RunIdentity(settings.targetKind().label(), storeOf(settings.targetKind()),
                Runtime.getRuntime().availableProcessors(), compared);
    }

    /** Where the target keeps records, as far as this side can tell. */
    public static String storeOf(TargetKind kind) {
        return switch (kind) {
            case EMBEDDED, JAR, CLUSTER -> StorageChoice.fromSystemProperties().label();
            case ECHO -> "none";
            case PROCESS, EXTERNAL -> "unknown";
        };
    }

    /** Why {@code reference} (a baseline.json reference object) was not measured like this run; empty when it was. */
    public Optional<String> differenceFrom(JsonNode reference) {
        if (!reference.path("target").asText().equals(target)) {
            return Optional.of(describe("target", reference.path("target"), target));
        }
        if (!reference.path("store").asText().equals(store)) {
            return Optional.of(describe("store", reference.path("store"), store));
        }
        if (reference.path("cpu_cores").asInt(-1) != cpuCores) {
            return Optional.of(describe("cpu_cores", reference.path("cpu_cores"), cpuCores));
        }
        JsonNode referenceParameters = reference.path("parameters");
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            JsonNode value = referenceParameters.path(parameter.getKey());
            if (value.isMissingNode() || !value.asText().equals(String.valueOf(parameter.getValue()))) {
                return Optional.of(describe(parameter.getKey(), value, parameter.getValue()));
            }
        }
        return Optional.empty();
    }

    private static String describe(String what, JsonNode reference, Object run) {
        return what + " " + (reference.isMissingNode() || reference.isNull() ? "not recorded" : reference.asText())
                + " there, " + run + " here";
    }

    /** The line a run prints when its reference was measured otherwise. */
    static String noReference(String machine, String date, String difference) {
        return "no regression check: no reference measured like this run (the reference, " + machine + ", " + date
                + ", has " + difference + ")";
    }
}
