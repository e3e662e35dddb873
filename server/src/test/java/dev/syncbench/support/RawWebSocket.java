package dev.syncbench.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library will not do:
 * announce a frame larger than the server accepts, or stop reading altogether.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawWebSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
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

    /** Writes the header of a masked binary frame of {@code length} bytes, then {@code firstBytes} of it. */
    public void sendBinaryFrameHeader(long length, byte[] firstBytes) throws IOException {
        out.write(0x82);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift) & 0xff);
        }
        out.write(new byte[4]); // zero mask key: payload bytes go out as they are
        out.write(firstBytes);
        out.flush();
    }

    /** Reads frames until a close frame and returns its status code. */
    public int awaitCloseCode() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
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
