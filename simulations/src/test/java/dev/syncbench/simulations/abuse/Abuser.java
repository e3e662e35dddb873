package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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

    /**
     * Reads until the server's close frame, which it counts in {@code tally}, handing each binary
     * payload to {@code onBinary}; an {@link IOException} when the stream ends or a read times out.
     */
    static void readUntilClose(RawWebSocket ws, FrameTally tally, Consumer<byte[]> onBinary) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = ws.read();
            if (frame.opcode() == RawWebSocket.OP_CLOSE) {
                tally.add(describeClose(frame));
                return;
            }
            if (frame.opcode() == RawWebSocket.OP_BINARY) {
                onBinary.accept(frame.payload());
            }
        }
    }

    /**
     * Ends a session whose {@code reader} thread reads {@code ws}: a close frame first if the server
     * has not ended the connection (so the reader sees the server's answer), then the socket.
     */
    static void endSession(RawWebSocket ws, Thread reader) throws InterruptedException {
        if (reader.isAlive()) {
            try {
                ws.sendClose(1000);
            } catch (IOException ignored) {
                // already gone
            }
            reader.join(2_000);
        }
        ws.close();
        reader.join(2_000);
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
