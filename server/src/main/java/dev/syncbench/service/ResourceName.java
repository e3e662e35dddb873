package dev.syncbench.service;

/**
 * The names topics and locks may have (PROTOCOL §8): 1–256 characters of
 * {@code [A-Za-z0-9_\-.:/]}, as TopGun accepts them.
 */
public final class ResourceName {
    public static final int MAX_LENGTH = 256;
    /** How much of a rejected name an error message quotes, so a huge name does not become a huge reply. */
    private static final int QUOTE_LIMIT = 64;

    private ResourceName() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isAllowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The name as an error message shows it: quoted, and cut short when very long. */
    public static String quote(String name) {
        if (name == null) {
            return "null";
        }
        if (name.length() <= QUOTE_LIMIT) {
            return "'" + name + "'";
        }
        return "'" + name.substring(0, QUOTE_LIMIT) + "...' (" + name.length() + " characters)";
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == ':' || c == '/';
    }
}
