package dev.syncbench.security;

import java.util.List;

/**
 * Who asks: the token's {@code sub} and {@code roles}. {@link #NONE} is a connection of a server
 * running without authentication: no subject, so no admin bypass, no subject or role policy
 * applies to it and every {@code auth.*} reference in a condition is unresolved (false).
 */
public record AccessSubject(String id, List<String> roles) {
    public static final AccessSubject NONE = new AccessSubject(null, List.of());

    public AccessSubject {
        roles = roles == null ? List.of() : roles;
    }

    boolean isKnown() {
        return id != null;
    }
}
