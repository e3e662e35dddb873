package dev.syncbench.simulations;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** One abusive client: each session is one connection, from connect to its end. */
interface Abuser {
    Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    /** Runs one connection until the server ends it or {@code keepGoing} turns false. */
    void session(BooleanSupplier keepGoing) throws IOException, InterruptedException;

    /** Where this abuser counts what it saw. */
    FrameTally tally();

    /** Reads the next frame and fails unless it is a binary frame of {@code type}. */
    static void expect(RawWebSocket ws, String type) throws IOException {
        RawWebSocket.Frame frame = ws.read();
        String actual = frame.opcode() == RawWebSocket.OP_BINARY ? AckReader.typeOf(frame.payload())
                : frame.opcode() == RawWebSocket.OP_CLOSE ? "close " + frame.closeCode() + " " + frame.closeReason()
                : "opcode " + frame.opcode();
        if (!type.equals(actual)) {
            throw new IOException("expected " + type + ", got " + actual);
        }
    }

    /** Connect, AUTH_REQUIRED, AUTH, AUTH_ACK. */
    static void authenticate(RawWebSocket ws, String token) throws IOException {
        ws.readTimeout(STEP_TIMEOUT);
        expect(ws, "AUTH_REQUIRED");
        ws.sendBinary(Frames.auth(token));
        expect(ws, "AUTH_ACK");
        ws.readTimeout(Duration.ZERO);
    }

    /** How a close frame is counted: "closed by the server: 1013 slow consumer". */
    static String describeClose(RawWebSocket.Frame close) {
        return ("closed by the server: " + close.closeCode() + " " + close.closeReason()).trim();
    }

    /** How a read that ended without a close frame is counted. */
    static String describeEnd(IOException e) {
        if (e instanceof EOFException) {
            return "socket ended without a close frame";
        }
        if (e instanceof SocketTimeoutException) {
            return "no frame within the read timeout";
        }
        return "socket error: " + e.getClass().getSimpleName();
    }
}
