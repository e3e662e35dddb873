package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.simulations.load.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code baseline.json} parsed and checked once, for every simulation family: its named profiles
 * ({@code profiles.<name>}) and its floors, each a non-negative number. Every problem is a
 * {@link BadInputException} that names the file and the key.
 */
final class BaselineFile {
    private final Path file;
    private final JsonNode root;

    private BaselineFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static BaselineFile read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no baseline at " + file
                    + " (the repository root's baseline.json, or pass -Dbaseline.file=...)");
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            int detail = problem.indexOf(':');
            throw new BadInputException("baseline " + file + " is not valid JSON: "
                    + (detail > 0 ? problem.substring(0, detail) : problem) + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new BadInputException("cannot read the baseline " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException("baseline " + file + " must hold a JSON object");
        }
        return new BaselineFile(file, root);
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** {@code profiles.<name>}; a name that is not there is an error listing the names that are. */
    JsonNode profile(String name) {
        JsonNode profiles = root.path("profiles");
        JsonNode profile = profiles.path(name);
        if (!profile.isObject()) {
            List<String> names = new ArrayList<>();
            profiles.fieldNames().forEachRemaining(names::add);
            names.addFirst(TOP_LEVEL);
            throw new BadInputException("baseline " + file + " has no profile '" + name + "' (profiles: "
                    + String.join(", ", names) + ")");
        }
        return profile;
    }

    /**
     * A gate's own section, such as {@code soak}: the chosen profile's when it has one, else the
     * top-level one; {@code where} is its path for messages ("profiles.ci-2core.soak.").
     */
    record Section(JsonNode node, String where, String profile) {
    }

    /** The section {@code key} for the profile {@code requested} (or the one chosen for this machine); an error when neither has it. */
    Section section(String key, String requested) {
        ProfileChoice choice = choose(requested);
        if (choice.name() != null && choice.section().path(key).isObject()) {
            return new Section(choice.section().path(key), "profiles." + choice.name() + "." + key + ".", choice.name());
        }
        if (!root.path(key).isObject()) {
            throw new BadInputException("baseline " + file + " has no " + key + " section");
        }
        return new Section(root.path(key), key + ".", TOP_LEVEL);
    }

    /** The name that selects the top-level floors (TopGun's own) like a profile. */
    static final String TOP_LEVEL = "default";
    /** The store of a profile that names none. */
    private static final String MEMORY = "memory";

    /**
     * The floors a run applies: {@code name} null for the top level; {@code reason} says why, for
     * the console and the summary.
     */
    record ProfileChoice(String name, JsonNode section, String reason) {
        String label() {
            return name == null ? TOP_LEVEL : name;
        }
    }

    /**
     * {@code requested} by name ({@code default} = the top level), or else the one measured for
     * this machine's cores and the run's {@code store} (a profile without {@code store} is measured
     * with the memory store, and stands in for a store that has no profile of its own).
     */
    ProfileChoice choose(String requested, String store) {
        return choose(requested, Runtime.getRuntime().availableProcessors(), store);
    }

    ProfileChoice choose(String requested, int cores) {
        return choose(requested, cores, MEMORY);
    }

    /** As {@link #choose(String, String)} among the profiles measured with the memory store (the fan-out's). */
    ProfileChoice choose(String requested) {
        return choose(requested, MEMORY);
    }

    ProfileChoice choose(String requested, int cores, String store) {
        if (TOP_LEVEL.equals(requested)) {
            return new ProfileChoice(null, root, "profile default (TopGun's own floors), selected by -Dbaseline.profile");
        }
        if (requested != null) {
            return new ProfileChoice(requested, profile(requested), "profile " + requested
                    + ", selected by -Dbaseline.profile");
        }
        ProfileChoice forStore = profileFor(cores, store);
        if (forStore != null) {
            return forStore;
        }
        ProfileChoice memory = store.equals(MEMORY) ? null : profileFor(cores, MEMORY);
        if (memory != null) {
            return new ProfileChoice(memory.name(), memory.section(), memory.reason()
                    + "; it is measured with the memory store, as no profile is measured for store " + store);
        }
        return new ProfileChoice(null, root, "profile default (TopGun's own floors), chosen because no profile's "
                + "machine_cores covers this machine's " + cores + " available cores");
    }

    private ProfileChoice profileFor(int cores, String store) {
        JsonNode profiles = root.path("profiles");
        for (var names = profiles.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode profile = profiles.path(name);
            JsonNode coreRange = profile.path("machine_cores");
            if (coreRange.isObject() && profile.path("store").asText(MEMORY).equals(store)) {
                int min = (int) number(coreRange, "profiles." + name + ".machine_cores.", "min", true);
                int max = (int) number(coreRange, "profiles." + name + ".machine_cores.", "max", true);
                if (cores >= min && cores <= max) {
                    String storeNote = store.equals(MEMORY) ? "" : " and store " + store;
                    return new ProfileChoice(name, profile, "profile " + name + ", chosen because this "
                            + "machine has " + cores + " available cores and the profile is measured for machines "
                            + "with " + min + "-" + max + storeNote + " (-Dbaseline.profile=<name> picks another)");
                }
            }
        }
        return null;
    }

    /** {@code regression_tolerance_pct} of {@code section}, or else the top-level one. */
    double regressionTolerancePct(JsonNode section) {
        return number(section.has("regression_tolerance_pct") ? section : root, "", "regression_tolerance_pct", true);
    }

    /**
     * {@code node.field} as a non-negative number; {@code prefix} is the node's dotted key, for the
     * message. A missing optional field is 0.
     */
    double number(JsonNode node, String prefix, String field, boolean required) {
        JsonNode value = node.path(field);
        if (value.isNumber() && value.asDouble() >= 0) {
            return value.asDouble();
        }
        if (value.isMissingNode() && !required) {
            return 0;
        }
        throw new BadInputException("baseline " + file + ": " + prefix + field
                + (value.isMissingNode() ? " is missing" : " must be a non-negative number, not " + value));
    }
}
