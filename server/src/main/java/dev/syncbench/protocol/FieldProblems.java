package dev.syncbench.protocol;

/**
 * Where decoders report a missing or wrongly typed field. Frame-level decoding is strict: the
 * first problem fails the frame. A client op is decoded leniently: its first problem is kept and
 * only that op is rejected, while the rest of its batch still applies.
 */
final class FieldProblems {
    static final FieldProblems STRICT = new FieldProblems(true);

    private final boolean strict;
    private String first;

    private FieldProblems(boolean strict) {
        this.strict = strict;
    }

    static FieldProblems lenient() {
        return new FieldProblems(false);
    }

    void report(String message) throws ProtocolException {
        if (strict) {
            throw new ProtocolException(message);
        }
        if (first == null) {
            first = message;
        }
    }

    void missing(String prefix, String name) throws ProtocolException {
        report("missing field: " + path(prefix, name));
    }

    void wrongType(String prefix, String name, String expected) throws ProtocolException {
        report("wrong type for field: " + path(prefix, name) + " (expected " + expected + ")");
    }

    /** Fails the frame when a required field is missing (or was nil). */
    static <T> T require(T value, String prefix, String name) throws ProtocolException {
        if (value == null) {
            STRICT.missing(prefix, name);
        }
        return value;
    }

    static long require(long value, String prefix, String name) throws ProtocolException {
        if (value == FrameReader.ABSENT) {
            STRICT.missing(prefix, name);
        }
        return value;
    }

    /** The first problem seen, or null. */
    String first() {
        return first;
    }

    boolean any() {
        return first != null;
    }

    /** A field path such as {@code payload.queryId}; an empty prefix means a top-level field. */
    static String path(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        if (name.isEmpty()) {
            return prefix;
        }
        // The nested paths of a client op are constants, so decoding a good op builds no strings.
        if (name.equals("timestamp")) {
            if (prefix.equals("record")) {
                return "record.timestamp";
            }
            if (prefix.equals("orRecord")) {
                return "orRecord.timestamp";
            }
        }
        return prefix + "." + name;
    }

    static String element(String prefix, String name, int index) {
        return path(prefix, name) + "[" + index + "]";
    }
}
