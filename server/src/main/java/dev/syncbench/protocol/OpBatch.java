package dev.syncbench.protocol;

import java.util.List;

/**
 * OP_BATCH {payload:{ops, writeConcern?, timeout?}}: many writes answered by exactly one OP_ACK.
 * Ops that are malformed on their own carry a {@link ClientOp#problem()} instead of failing the frame.
 */
public record OpBatch(List<ClientOp> ops, String writeConcern, Long timeout) implements ClientMessage {
    public static final String TYPE = "OP_BATCH";

    public OpBatch {
        ops = List.copyOf(ops);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
