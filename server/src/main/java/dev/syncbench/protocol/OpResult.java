package dev.syncbench.protocol;

/** One entry of OP_ACK's {@code results}; achievedLevel and error are omitted when null. */
public record OpResult(String opId, boolean success, String achievedLevel, String error) {
}
