package dev.syncbench.security;

import java.util.Arrays;

/**
 * A policy's {@code mapPattern}, compiled once: names and pattern are split on {@code .}; a lone
 * {@code *} or {@code **} matches every name (also ""); a {@code *} segment matches exactly one
 * segment, a {@code **} segment zero or more; any other segment matches itself, case-sensitively.
 */
final class MapPattern {
    private static final String ONE = "*";
    private static final String ANY = "**";

    private final String text;
    private final String[] segments;
    private final boolean everything;

    private MapPattern(String text) {
        this.text = text;
        this.everything = text.equals(ONE) || text.equals(ANY);
        this.segments = text.split("\\.", -1);
    }

    static MapPattern compile(String text) throws InvalidPolicyException {
        if (text == null || text.isEmpty()) {
            throw new InvalidPolicyException("mapPattern must be a non-empty string", "mapPattern");
        }
        return new MapPattern(text);
    }

    boolean matches(String mapName) {
        return everything || matches(segments, 0, mapName.split("\\.", -1), 0);
    }

    /** Dynamic programming over (pattern segment, name segment): linear in each, whatever the {@code **} count. */
    private static boolean matches(String[] pattern, int p0, String[] name, int n0) {
        // next[n]: pattern[p+1..] matches name[n..]; computed from the last pattern segment backwards.
        boolean[] next = new boolean[name.length + 1];
        next[name.length] = true;
        for (int p = pattern.length - 1; p >= p0; p--) {
            boolean[] here = new boolean[name.length + 1];
            String segment = pattern[p];
            for (int n = name.length; n >= n0; n--) {
                if (segment.equals(ANY)) {
                    here[n] = next[n] || (n < name.length && here[n + 1]);
                } else {
                    here[n] = n < name.length && (segment.equals(ONE) || segment.equals(name[n])) && next[n + 1];
                }
            }
            next = here;
        }
        return next[n0];
    }

    @Override
    public String toString() {
        return text + " " + Arrays.toString(segments);
    }
}
