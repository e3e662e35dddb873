package dev.syncbench.protocol;

import java.util.List;

/**
 * OP_ACK {payload:{lastId, achievedLevel?, results?}}: the one acknowledgement of a CLIENT_OP or
 * OP_BATCH. {@code results} lists rejected ops and is null (omitted) when every op succeeded.
 */
public record OpAck(String lastId, String achievedLevel, List<OpResult> results) implements ServerMessage {
    public static final String TYPE = "OP_ACK";

    public OpAck {
        results = results == null ? null : List.copyOf(results);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
