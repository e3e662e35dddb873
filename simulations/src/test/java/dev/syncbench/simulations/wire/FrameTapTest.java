package dev.syncbench.simulations.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTapTest {

    @Test
    void seesEveryFrameBeforeGatlingsHandlerAndPassesItOnUntouched() {
        List<Object> gatlingSaw = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("app-ws", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext context, Object message) {
                gatlingSaw.add(message);
            }
        });
        List<byte[]> tapped = new ArrayList<>();
        FrameTap.install(channel, new FrameTap((frame, nanos) -> tapped.add(frame)));

        BinaryWebSocketFrame error = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.error(429, "x")));
        BinaryWebSocketFrame ack = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.ack(1, 0, 10, 0)));
        channel.writeInbound(error, ack);

        assertEquals(2, tapped.size());
        assertArrayEquals(ServerFrames.error(429, "x"), tapped.get(0));
        assertEquals(2, gatlingSaw.size());
        assertSame(error, gatlingSaw.get(0));
        assertEquals(error.content().readableBytes(), ServerFrames.error(429, "x").length); // not consumed
    }
}
