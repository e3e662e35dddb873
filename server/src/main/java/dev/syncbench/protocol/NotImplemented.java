package dev.syncbench.protocol;

/**
 * A known client request for a feature this server does not offer (entry processors,
 * resolvers, device identity, tombstone GC epochs); the server answers ERROR 501 "not implemented: FEATURE".
 * The request's fields are not read.
 */
public record NotImplemented(String type, String feature) implements ClientMessage {

    /** The feature behind a known but unimplemented client type, or null if the type is not one. */
    static String featureOf(String type) {
        return switch (type) {
            case "ENTRY_PROCESS", "ENTRY_PROCESS_BATCH" -> "entry processors";
            case "REGISTER_RESOLVER", "UNREGISTER_RESOLVER", "LIST_RESOLVERS" -> "conflict resolvers";
            case "DEVICE_HELLO" -> "device identity";
            // Confirms an OR tombstone GC epoch, which this server never hands out.
            case "CLIENT_APPLY_ACK" -> "tombstone GC epochs";
            default -> null;
        };
    }
}
