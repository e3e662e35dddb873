package dev.syncbench.protocol;

/** CLIENT_OP {payload: ClientOp}: a single write, acknowledged by one OP_ACK. */
public record ClientOpMessage(ClientOp op) implements ClientMessage {
    public static final String TYPE = "CLIENT_OP";

    @Override
    public String type() {
        return TYPE;
    }
}
