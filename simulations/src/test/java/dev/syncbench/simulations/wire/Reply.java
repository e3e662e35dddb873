package dev.syncbench.simulations.wire;

/**
 * What a server frame says about the batches a connection sent, read by {@link AckReader#read}.
 *
 * @param kind what the frame is
 * @param connection for OP_ACK and OP_REJECTED, the connection number in the id ({@code "<c>-<seq>"}), else -1
 * @param seq for OP_ACK the sequence number of the batch's last op, for OP_REJECTED of the rejected op; else -1
 * @param failedOps for OP_ACK, the entries of {@code results} with {@code success:false}
 * @param code for ERROR, its code (0 when it has none)
 * @param frame the frame itself, described only when a report needs it
 */
public record Reply(Kind kind, long connection, long seq, int failedOps, int code, byte[] frame) {

    public enum Kind { OP_ACK, OP_REJECTED, ERROR, PONG, OTHER }

    /** For the report: "ERROR 429 rate limit exceeded, slow down", "QUERY_RESP", ... */
    public String describe() {
        return AckReader.describe(frame);
    }
}
