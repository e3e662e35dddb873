package dev.syncbench.protocol;

import java.io.IOException;

/**
 * Reads the {@code {type, payload:{...}}} envelope: finds {@code payload} among the top-level
 * fields (any order, unknown fields skipped) and hands its map to a payload reader.
 */
final class Envelope {

    /** Reads the fields of a map whose header has been read; {@code size} is its field count. */
    @FunctionalInterface
    interface MapReader<T> {
        T read(FrameReader in, int size) throws IOException, ProtocolException;
    }

    private Envelope() {
    }

    static <T> T payload(FrameReader in, int size, MapReader<T> reader) throws IOException, ProtocolException {
        T result = optionalPayload(in, size, reader);
        if (result == null) {
            FieldProblems.STRICT.missing("", "payload");
        }
        return result;
    }

    /** As {@link #payload} but a missing or nil payload gives null. */
    static <T> T optionalPayload(FrameReader in, int size, MapReader<T> reader) throws IOException, ProtocolException {
        T result = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("payload")) {
                int payloadSize = in.mapHeader(FieldProblems.STRICT, "", "payload");
                if (payloadSize >= 0) {
                    result = reader.read(in, payloadSize);
                }
            } else {
                in.skip();
            }
        }
        return result;
    }
}
