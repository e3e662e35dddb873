package dev.syncbench.simulations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            throw new BadInputException("baseline " + file + " has no profile '" + name + "' (profiles: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return profile;
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
