package dev.syncbench.simulations.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for clients that misbehave on purpose: it reads only when
 * asked to (so a client can stop reading and let the server's outbound fill), it can shrink its
 * receive buffer, and it sees the server's close frame and code as they are. Frames it sends are
 * masked, as RFC 6455 requires of clients; it sends whole frames only.
 */
public final class RawWebSocket implements AutoCloseable {
    static final int OP_TEXT = 1;
    public static final int OP_BINARY = 2;
    public static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;
    /** Frames the server sends larger than this are skipped, not kept. */
    private static final int MAX_KEPT_PAYLOAD = 4 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A frame from the server; a close frame's code is {@link #closeCode()}. */
    public record Frame(int opcode, byte[] payload) {
        public int closeCode() {
            return opcode == OP_CLOSE && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String closeReason() {
            return opcode == OP_CLOSE && payload.length > 2
                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades; {@code receiveBufferBytes} 0 keeps the system's receive buffer. */
    public static RawWebSocket connect(URI url, int receiveBufferBytes, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
            }
            socket.setTcpNoDelay(true);
            int port = url.getPort() > 0 ? url.getPort() : 80;
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            RawWebSocket ws = new RawWebSocket(socket);
            ws.upgrade(url, port);
            socket.setSoTimeout(0);
            return ws;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void upgrade(URI url, int port) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // headers: nothing in them matters here
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    public void sendBinary(byte[] payload) throws IOException {
        send(OP_BINARY, payload);
    }

    public void sendClose(int code) throws IOException {
        send(OP_CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
    }

    synchronized void send(int opcode, byte[] payload) throws IOException {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[headerLength + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[headerLength + i] = (byte) (mask >> (24 - 8 * i));
        }
        int at = headerLength + 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ frame[headerLength + (i & 3)]);
        }
        out.write(frame);
        out.flush();
    }

    /** The next frame; an {@link EOFException} when the server closed the TCP connection. */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            in.readInt(); // a server must not mask; skip the key rather than fail
        }
        if (length > MAX_KEPT_PAYLOAD) {
            skip(in, length);
            return new Frame(first & 0x0F, new byte[0]);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Waits at most {@code timeout} for the next frame; 0 waits forever. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
