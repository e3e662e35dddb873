package dev.syncbench.support;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.msgpack.value.Value;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library will not do:
 * announce a frame larger than the server accepts, or stop reading altogether. Its receive buffer
 * is tiny, so that when a test stops reading, the server's writes back up at once (the JDK client
 * buffers on its own).
 */
public final class RawWebSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER_BYTES = 4096;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawWebSocket(int port) throws IOException {
        this(port, "/ws");
    }

    /** Upgrades at {@code path} instead of {@code /ws}. */
    public RawWebSocket(int port, String path) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), RECEIVE_BUFFER_BYTES));
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // response headers
        }
    }

    /** Reads AUTH_REQUIRED, authenticates as {@code user} and reads AUTH_ACK. */
    public void authenticate(String user) throws IOException {
        assertEquals("AUTH_REQUIRED", Msg.type(readMessage()));
        send(map("type", "AUTH", "token", Tokens.valid(user)));
        assertEquals("AUTH_ACK", Msg.type(readMessage()));
    }

    /** Sends {@code message} as one binary frame. */
    public void send(Value message) throws IOException {
        writeFrame(0x2, Msg.encode(message));
    }

    /** Starts the closing handshake, as a client that disconnects cleanly does. */
    public void sendClose(int code) throws IOException {
        writeFrame(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** Writes the header of a binary frame of {@code length} bytes, then only {@code firstBytes} of it. */
    public void sendBinaryFrameHeader(long length, byte[] firstBytes) throws IOException {
        writeHeader(0x2, length);
        out.write(firstBytes);
        out.flush();
    }

    /**
     * One fragment of a binary message: the first has opcode binary, the rest continuation; only
     * the last sets FIN.
     */
    public void sendFragment(boolean first, boolean last, byte[] payload) throws IOException {
        int opcode = first ? 0x2 : 0x0;
        out.write((last ? 0x80 : 0) | opcode);
        writeLengthAndMask(payload.length);
        out.write(payload);
        out.flush();
    }

    /** One frame masked with {@code key}, as browsers mask: each byte XOR the key byte at its index mod 4. */
    public void sendMaskedFrame(boolean fin, int opcode, byte[] payload, byte[] key) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift) & 0xFF);
            }
        }
        out.write(key);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= key[i % 4];
        }
        out.write(masked);
        out.flush();
    }

    /** Bytes as they are, for frames no client library would send. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One final frame, masked as clients must. */
    private void writeFrame(int opcode, byte[] payload) throws IOException {
        writeHeader(opcode, payload.length);
        out.write(payload);
        out.flush();
    }

    /** The frame header with a zero mask key (allowed), so payload bytes go out as they are. */
    private void writeHeader(int opcode, long length) throws IOException {
        out.write(0x80 | opcode);
        writeLengthAndMask(length);
    }

    private void writeLengthAndMask(long length) throws IOException {
        if (length < 126) {
            out.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write((int) (length >>> 8));
            out.write((int) (length & 0xFF));
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        out.write(new byte[4]);
    }

    /** The next frame, which must be a binary one, decoded. */
    public Value readMessage() throws IOException {
        Frame frame = readFrame();
        assertEquals(2, frame.opcode(), "expected a binary frame");
        return Msg.decode(frame.payload());
    }

    /** The payload of the next frame, which must have {@code opcode}. */
    public byte[] readFrame(int opcode) throws IOException {
        Frame frame = readFrame();
        assertEquals(opcode, frame.opcode(), "frame opcode");
        return frame.payload();
    }

    /** Skips data frames until the close frame; its status code, or 1006 when the socket just ends. */
    public int awaitCloseCode() throws IOException {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == 0x8) {
                    byte[] payload = frame.payload();
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        } catch (EOFException | SocketException e) {
            return 1006;
        }
    }

    /**
     * Reads on after the close frame: "end" when the server ends the socket with nothing more,
     * "frame N" (N the opcode) when a frame follows the close frame, "open" when the socket is
     * still open after the read timeout.
     */
    public String afterClose() throws IOException {
        try {
            return "frame " + readFrame().opcode();
        } catch (SocketTimeoutException e) {
            return "open";
        } catch (EOFException | SocketException e) {
            return "end";
        }
    }

    private record Frame(int opcode, byte[] payload) {
    }

    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed during upgrade");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
