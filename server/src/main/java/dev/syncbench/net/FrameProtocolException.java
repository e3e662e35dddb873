package dev.syncbench.net;

/** A client frame the server refuses; the connection closes with {@link #closeCode()}. */
final class FrameProtocolException extends RuntimeException {
    private final int closeCode;

    FrameProtocolException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    int closeCode() {
        return closeCode;
    }
}
