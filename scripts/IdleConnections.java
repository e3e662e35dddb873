import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of idle-connections.sh: opens N WebSocket connections to a syncbench server, each
 * authenticated with its own HS256 token, prints "CONNECTED n", waits for a line on stdin, then sends
 * every connection a PING and prints how many answered with a frame within 5 s. Plain blocking
 * sockets on one thread: it holds connections, it does not load the server.
 *
 *   java IdleConnections.java <port> <connections> <jwt secret>
 */
public final class IdleConnections {
    private static final int PONG_TIMEOUT_MILLIS = 5_000;
    private static final byte[] MASK = {0x5a, 0x17, 0x3c, 0x61};

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        String secret = args[2];
        List<Socket> sockets = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sockets.add(open(port, token(secret, "idle-" + i)));
            if ((i + 1) % 5_000 == 0) {
                System.err.printf("idle-connections: %,d open after %,d ms%n", i + 1, (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.println("CONNECTED " + count);
        System.out.flush();
        System.in.read();

        byte[] ping = frame(concat(fixMap(2), str("type"), str("PING"), str("timestamp"), uint64(System.currentTimeMillis())));
        long pingStart = System.nanoTime();
        for (Socket socket : sockets) {
            socket.getOutputStream().write(ping);
        }
        int answered = 0;
        for (Socket socket : sockets) {
            long left = PONG_TIMEOUT_MILLIS - (System.nanoTime() - pingStart) / 1_000_000;
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                readFrame(socket.getInputStream());
                answered++;
            } catch (IOException e) {
                // not answered within the 5 s: counted as such
            }
        }
        System.out.printf("PONGS %d of %d, all within %d ms%n", answered, count, (System.nanoTime() - pingStart) / 1_000_000);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static Socket open(int port, String token) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        skipHeaders(in);
        readFrame(in); // AUTH_REQUIRED
        out.write(frame(concat(fixMap(2), str("type"), str("AUTH"), str("token"), str(token))));
        byte[] answer = readFrame(in);
        if (!new String(answer, StandardCharsets.ISO_8859_1).contains("AUTH_ACK")) {
            throw new IOException("AUTH was not acknowledged");
        }
        return socket;
    }

    /** Reads up to the blank line that ends the 101 response, byte by byte: no byte of a frame is consumed. */
    private static void skipHeaders(InputStream in) throws IOException {
        int endOfLines = 0;
        while (endOfLines < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the upgrade was not answered");
            }
            endOfLines = c == '\r' || c == '\n' ? endOfLines + 1 : 0;
        }
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(2);
        if (header.length < 2) {
            throw new EOFException();
        }
        long length = header[1] & 0x7f;
        if (length == 126) {
            length = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (in.read() & 0xff);
            }
        }
        return in.readNBytes((int) length);
    }

    private static byte[] frame(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        out.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ MASK[i & 3]);
        }
        return out.toByteArray();
    }

    private static String token(String secret, String subject) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 86_400) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + base64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] fixMap(int entries) {
        return new byte[] {(byte) (0x80 | entries)};
    }

    private static byte[] str(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bytes.length < 32) {
            out.write(0xa0 | bytes.length);
        } else if (bytes.length < 256) {
            out.write(0xd9);
            out.write(bytes.length);
        } else {
            out.write(0xda);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] uint64(long value) {
        byte[] out = new byte[9];
        out[0] = (byte) 0xcf;
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
