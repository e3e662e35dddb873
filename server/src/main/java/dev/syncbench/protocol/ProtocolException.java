package dev.syncbench.protocol;

/**
 * A frame that cannot be decoded at all (answered with ERROR 400). The message is meant for the
 * client: "malformed frame", "nesting deeper than 256", or the path of a missing or wrongly typed
 * field. No stack trace is captured: bad frames come from outside and must stay cheap.
 */
public final class ProtocolException extends Exception {

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
