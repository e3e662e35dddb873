package dev.syncbench.admin;

import dev.syncbench.net.JwtAuthenticator;
import dev.syncbench.net.Principal;
import java.util.Optional;

/**
 * Who may use the admin API: a Bearer JWT verified as AUTH tokens are (same key, algorithm, exp
 * with leeway, sub), whose {@code roles} holds {@code "admin"} (exact). A server running without
 * authentication has no admin API at all (ours: TopGun synthesizes an admin on loopback).
 */
final class AdminAuth {
    static final String ADMIN_ROLE = "admin";

    /** Why a request is refused, with TopGun's wording. */
    record Refusal(int status, String message) {
    }

    private final JwtAuthenticator authenticator;

    /** @param authenticator null when the server runs without authentication */
    AdminAuth(JwtAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Empty when the request may go on. */
    Optional<Refusal> check(Optional<String> authorization) {
        if (authenticator == null) {
            return Optional.of(new Refusal(401, "authentication not configured"));
        }
        String header = authorization.orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Optional.of(new Refusal(401, "missing or invalid Bearer token"));
        }
        Principal principal;
        try {
            principal = authenticator.verify(header.substring(7).trim());
        } catch (JwtAuthenticator.AuthenticationException e) {
            return Optional.of(new Refusal(401, "invalid or expired token"));
        }
        if (!principal.roles().contains(ADMIN_ROLE)) {
            return Optional.of(new Refusal(403, "admin role required"));
        }
        return Optional.empty();
    }
}
