package dev.syncbench.net;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResponse;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRoute;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;
import java.util.Optional;

/**
 * Upgrades HTTP/1 requests to the WebSocket connections of this server ({@link SyncWsConnection}).
 * The request is checked by Helidon's own upgrader (GET, a WsRouting endpoint for the path,
 * Sec-WebSocket-Key, version 13, the configured origins), so the handshake and its refusals stay
 * Helidon's; only the connection that follows is ours.
 */
public final class SyncWsUpgrader extends WsUpgrader implements Http1RoutedUpgrader {
    private static final HeaderName ACCEPT = HeaderNames.create("Sec-WebSocket-Accept");

    private final Http1RoutedUpgrader checks;
    private final int maxFrameBytes;

    public SyncWsUpgrader(WsConfig config) {
        super(config);
        this.checks = (Http1RoutedUpgrader) WsUpgrader.create(config);
        this.maxFrameBytes = config.maxFrameLength();
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        return checks.routedUpgrade(ctx, prologue, headers)
                .map(checked -> (response, requestHeaders) -> upgrade(ctx, prologue, requestHeaders, response));
    }

    /** Helidon upgrades through routing only ({@link #routedUpgrade}); a direct upgrade is a wiring error. */
    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        throw new IllegalStateException("WebSocket upgrades of this server go through HTTP routing");
    }

    private Http1UpgradeResult upgrade(ConnectionContext ctx, HttpPrologue prologue, Headers headers,
            Http1UpgradeResponse response) {
        if (!isWebSocketUpgrade(headers)) {
            return Http1UpgradeResult.notApplicable();
        }
        // Helidon's checks found the route for this prologue, so there is one.
        WsRoute route = ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue);
        WsListener listener = route.listener();
        if (!(listener instanceof SyncWsListener syncListener)) {
            throw new IllegalStateException("WebSocket endpoint " + prologue.uriPath() + " is not served by SyncWsListener");
        }
        Optional<Headers> extraHeaders;
        try {
            extraHeaders = listener.onHttpUpgrade(prologue, headers);
        } catch (WsUpgradeException e) {
            response.send(Status.BAD_REQUEST_400);
            return Http1UpgradeResult.responded();
        }
        ServerResponseHeaders handshake = ServerResponseHeaders.create();
        extraHeaders.ifPresent(extra -> extra.forEach(handshake::set));
        handshake.set(HeaderValues.create(HeaderNames.CONNECTION, "Upgrade"));
        handshake.set(HeaderValues.create(HeaderNames.UPGRADE, "websocket"));
        handshake.set(HeaderValues.create(ACCEPT, hash(ctx, headers.get(WS_KEY).get())));
        response.sendSwitchingProtocols(handshake);
        return Http1UpgradeResult.upgraded(new SyncWsConnection(ctx, prologue, headers, syncListener, maxFrameBytes));
    }

}
