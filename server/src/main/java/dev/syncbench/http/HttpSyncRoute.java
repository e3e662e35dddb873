package dev.syncbench.http;

import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.net.JwtAuthenticator;
import dev.syncbench.net.Principal;
import dev.syncbench.protocol.HttpSyncCodec;
import dev.syncbench.protocol.HttpSyncRequest;
import dev.syncbench.protocol.HttpSyncResponse;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.service.HttpSyncService;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /sync} (reference features §4): a MessagePack body in, a MessagePack answer out
 * ({@code application/msgpack}). A request needs a valid Bearer token unless the server runs
 * without authentication (ours: TopGun serves it as anonymous). Errors are JSON
 * {@code {code, message}}: 401 for a missing or bad token, 400 for a body that does not decode
 * (TopGun's wording), 413 past the body limit (the server's max frame size, 2 MiB); the server
 * and every other client go on.
 */
public final class HttpSyncRoute implements Handler {
    private static final Logger LOG = Logger.getLogger(HttpSyncRoute.class.getName());
    private static final String MSGPACK = "application/msgpack";

    private final JwtAuthenticator authenticator;
    private final HttpSyncService service;
    private final HttpSyncCodec codec = new HttpSyncCodec();
    private final ServerMetrics metrics;
    private final int maxBodyBytes;

    /** @param authenticator null when the server runs without authentication */
    public HttpSyncRoute(JwtAuthenticator authenticator, HttpSyncService service, ServerMetrics metrics, int maxBodyBytes) {
        this.authenticator = authenticator;
        this.service = service;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Principal principal = null;
        if (authenticator != null) {
            String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
                error(res, 401, "authentication required");
                return;
            }
            try {
                principal = authenticator.verify(header.substring(7).trim());
            } catch (JwtAuthenticator.AuthenticationException e) {
                LOG.fine(() -> "POST /sync refused: " + e.getMessage());
                error(res, 401, "Authentication failed");
                return;
            }
        }
        byte[] body;
        try {
            body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        } catch (RuntimeException e) {
            // Helidon refuses a body past its payload limit while reading it (chunked uploads).
            error(res, 413, "request body exceeds " + maxBodyBytes + " bytes");
            return;
        }
        if (body.length > maxBodyBytes) {
            error(res, 413, "request body exceeds " + maxBodyBytes + " bytes");
            return;
        }
        HttpSyncRequest request;
        try {
            request = codec.decode(body, principal != null);
        } catch (ProtocolException e) {
            error(res, 400, "invalid MsgPack body: " + e.getMessage());
            return;
        }
        HttpSyncResponse response;
        try {
            response = service.sync(principal == null ? null : principal.userId(),
                    principal == null ? List.of() : principal.roles(), request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "POST /sync failed", e);
            error(res, 500, "internal error");
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, MSGPACK);
        res.send(codec.encode(response));
    }

    /** JSON {code, message}; the message is escaped, so a decoder's text can never break the JSON. */
    private void error(ServerResponse res, int status, String message) {
        metrics.error();
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send("{\"code\":" + status + ",\"message\":" + jsonString(message) + "}");
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
