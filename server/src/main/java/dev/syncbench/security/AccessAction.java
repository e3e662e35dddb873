package dev.syncbench.security;

import java.util.Locale;

/**
 * What a policy governs. A request asks for {@link #READ}, {@link #WRITE} or {@link #REMOVE};
 * {@link #ALL} only appears in policies. A {@code write} policy also covers removes (a remove is
 * a write), a {@code remove} policy covers removes only.
 */
public enum AccessAction {
    READ, WRITE, REMOVE, ALL;

    /** Whether a policy with this action applies to a request for {@code requested}. */
    boolean covers(AccessAction requested) {
        return this == ALL || this == requested || (this == WRITE && requested == REMOVE);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidPolicyException for anything but read, write, remove, all */
    public static AccessAction parse(String text) throws InvalidPolicyException {
        return switch (text == null ? "" : text) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "remove" -> REMOVE;
            case "all" -> ALL;
            default -> throw new InvalidPolicyException("action must be one of read, write, remove, all, got "
                    + (text == null ? "nothing" : "'" + text + "'"), "action", 422);
        };
    }
}
