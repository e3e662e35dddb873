package dev.syncbench.simulations.wire;

import io.gatling.javaapi.core.Session;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.lang.reflect.Field;
import java.util.function.ObjLongConsumer;

/**
 * Shows a connection every binary frame its socket receives. Gatling's WebSocket state machine
 * looks at inbound frames only while a check awaits one and drops the others (WsIdleState), so
 * an ERROR arriving between two sends would go unseen. This handler sits in the socket's Netty
 * pipeline just before Gatling's own ({@code "app-ws"}), sees each complete frame in arrival
 * order on the socket's event loop, and passes it on untouched. Gatling offers no public way to
 * reach the socket; if its internals change, installing fails with a clear message rather than
 * letting a run count without seeing every frame.
 */
public final class FrameTap extends ChannelInboundHandlerAdapter {
    static final String NAME = "syncbench-frame-tap";
    private static final String GATLING_HANDLER = "app-ws";

    private final ObjLongConsumer<byte[]> receiver;

    public FrameTap(ObjLongConsumer<byte[]> receiver) {
        this.receiver = receiver;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof BinaryWebSocketFrame frame) {
            receiver.accept(ByteBufUtil.getBytes(frame.content()), System.nanoTime());
        }
        context.fireChannelRead(message);
    }

    /** Puts a tap on the channel, ahead of Gatling's handler. */
    public static void install(Channel channel, FrameTap tap) {
        if (channel.pipeline().get(GATLING_HANDLER) == null) {
            throw new IllegalStateException("the socket has no Gatling WebSocket handler \"" + GATLING_HANDLER + "\"");
        }
        channel.pipeline().addBefore(GATLING_HANDLER, NAME, tap);
    }

    /** The Netty channel of a user's open WebSocket, reached through Gatling's state machine. */
    public static Channel channelOf(Session session, String wsName) {
        try {
            Object fsm = session.get(wsName);
            if (fsm == null) {
                throw new IllegalStateException("the user has no WebSocket named " + wsName);
            }
            Object state = field(fsm.getClass(), "currentState").get(fsm);
            Object webSocket = field(state.getClass(), "webSocket").get(state);
            Channel channel = (Channel) field(Class.forName("io.gatling.http.client.WebSocketListener"), "channel")
                    .get(webSocket);
            if (channel == null) {
                throw new IllegalStateException("the WebSocket has no channel yet");
            }
            return channel;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach the socket behind Gatling's WebSocket (" + e
                    + "): this Gatling version is not supported by syncbench's frame tap", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
