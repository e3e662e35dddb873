package dev.syncbench.simulations.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The floors of baseline.json per profile and per scenario, as the trend charts draw them: the least
 * ops/s and the most p50 µs a run may have. The top level is the profile {@code default}; fan-out's
 * floors are on writes and on delivery, search's on searches (it has p99 ceilings, no p50).
 */
public final class ProfileFloors {
    static final String TOP_LEVEL = "default";
    private static final String[] SCENARIOS = {"fire_and_wait", "fire_and_forget", "live_query_fan_out", "search"};

    private ProfileFloors() {
    }

    /** A scenario's floors under one profile; a figure the profile does not set is null. */
    public record Floors(Double minOpsPerSec, Double maxP50Us) {
    }

    /** {@code profile -> scenario -> floors}; empty when the file is missing. */
    public static Map<String, Map<String, Floors>> read(Path baselineFile) {
        Map<String, Map<String, Floors>> byProfile = new LinkedHashMap<>();
        if (!Files.isRegularFile(baselineFile)) {
            return byProfile;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(baselineFile.toFile());
        } catch (IOException e) {
            System.out.println("syncbench: the report page shows no floors, " + baselineFile.getFileName()
                    + " is unreadable: " + e.getMessage());
            return byProfile;
        }
        byProfile.put(TOP_LEVEL, scenarios(root, root));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("profiles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> profile = it.next();
            byProfile.put(profile.getKey(), scenarios(profile.getValue(), root));
        }
        return byProfile;
    }

    /** A profile's floors; a scenario it does not name keeps the top level's, as the simulations read them. */
    private static Map<String, Floors> scenarios(JsonNode profile, JsonNode root) {
        Map<String, Floors> floors = new LinkedHashMap<>();
        for (String scenario : SCENARIOS) {
            JsonNode section = profile.path(scenario).isObject() ? profile.path(scenario) : root.path(scenario);
            Double minOps = first(section, "min_ops_per_sec", "min_writes_ops_per_sec", "min_search_ops_per_sec");
            Double maxP50 = first(section, "max_p50_us", "max_delivery_p50_us");
            if (minOps != null || maxP50 != null) {
                floors.put(scenario, new Floors(minOps, maxP50));
            }
        }
        return floors;
    }

    private static Double first(JsonNode section, String... names) {
        for (String name : names) {
            if (section.path(name).isNumber()) {
                return section.path(name).asDouble();
            }
        }
        return null;
    }
}
