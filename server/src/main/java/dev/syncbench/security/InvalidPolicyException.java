package dev.syncbench.security;

/**
 * A policy that cannot be stored: the field at fault (the admin API's {@code field}) and the HTTP
 * status it earns, 422 for a field of the wrong type or an unknown enum value, 400 for a
 * condition that does not parse (as TopGun's admin API answers them).
 */
public final class InvalidPolicyException extends Exception {
    private final String field;
    private final int status;

    public InvalidPolicyException(String message, String field) {
        this(message, field, 400);
    }

    public InvalidPolicyException(String message, String field, int status) {
        super(message);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
