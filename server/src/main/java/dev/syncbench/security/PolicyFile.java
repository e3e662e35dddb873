package dev.syncbench.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Policies kept as code: a JSON file of the shape {@code GET /api/admin/policies} returns,
 * {@code {"policies": [...]}}, each policy as the admin API takes it. The server creates (or
 * replaces, by id) each at start-up, before it listens (ACCESS_POLICIES_FILE).
 */
public final class PolicyFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyFile() {
    }

    /** @throws InvalidFileException with one line naming the file and what is wrong */
    public static List<Policy> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidFileException("access policies file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("policies");
        if (list == null || !list.isArray()) {
            throw new InvalidFileException("access policies file " + file + " must hold {\"policies\": [...]}");
        }
        List<Policy> policies = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                policies.add(PolicyJson.fromRequest(list.get(i)));
            } catch (InvalidPolicyException e) {
                throw new InvalidFileException("access policies file " + file + ": policies[" + i + "]: " + e.getMessage());
            }
        }
        return policies;
    }

    /** A policies file the server cannot start with. */
    public static final class InvalidFileException extends RuntimeException {
        public InvalidFileException(String message) {
            super(message);
        }
    }
}
