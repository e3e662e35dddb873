package dev.syncbench.simulations.target;

import dev.syncbench.protocol.AuthAck;
import dev.syncbench.protocol.AuthRequired;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.OpAck;
import dev.syncbench.protocol.Ping;
import dev.syncbench.protocol.Pong;
import dev.syncbench.simulations.wire.AckReader;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * The injector's ceiling: a Helidon WebSocket server in this JVM that does no work beyond the
 * protocol's minimum. It sends AUTH_REQUIRED, answers any AUTH with AUTH_ACK, PING with PONG, and
 * each OP_BATCH with an OP_ACK naming the batch's last op id, in arrival order; it stores nothing
 * and ignores every other frame. A simulation against it measures what Gatling can drive on this
 * machine, so a run against a real server can be read as a fraction of that.
 */
public final class EchoTarget implements Target {
    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPS = "ops".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final LocalWebSocketServer server;
    private final LongAdder ackedOps = new LongAdder();

    private EchoTarget(LongSupplier clockMillis) {
        MessageCodec codec = new MessageCodec();
        byte[] authRequired = codec.encode(new AuthRequired(null));
        byte[] authAck = codec.encode(new AuthAck(null, null));
        this.server = new LocalWebSocketServer(
                () -> new EchoListener(codec, authRequired, authAck, clockMillis, ackedOps));
    }

    public static EchoTarget start() {
        return new EchoTarget(System::currentTimeMillis);
    }

    /** An echo whose PONG reports {@code clockMillis} as its time: a server with another clock. */
    static EchoTarget startWithClock(LongSupplier clockMillis) {
        return new EchoTarget(clockMillis);
    }

    @Override
    public URI webSocketUrl() {
        return server.url();
    }

    @Override
    public String description() {
        return "echo (acks only, in this JVM: " + server.url() + ")";
    }

    @Override
    public TargetKind kind() {
        return TargetKind.ECHO;
    }

    @Override
    public String store() {
        return "none";
    }

    /** Ops in the batches it acknowledged: it applies nothing, so "nothing lost" is not asserted on it. */
    @Override
    public OptionalLong opsApplied() {
        return OptionalLong.of(ackedOps.sum());
    }

    @Override
    public boolean assertsNothingLost() {
        return false;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * The id of the last op of an OP_BATCH ({@code {type, payload:{ops:[{id, ...}, ...]}}}) and the
     * number of ops, or null when the frame is no such batch. Reads only the keys on the way.
     */
    static LastOp lastOpOf(byte[] frame) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
            int fields = in.unpackMapHeader();
            for (int i = 0; i < fields; i++) {
                if (!nextKeyIs(in, PAYLOAD)) {
                    in.skipValue();
                    continue;
                }
                int payloadFields = in.unpackMapHeader();
                for (int j = 0; j < payloadFields; j++) {
                    if (!nextKeyIs(in, OPS)) {
                        in.skipValue();
                        continue;
                    }
                    int ops = in.unpackArrayHeader();
                    for (int k = 0; k < ops - 1; k++) {
                        in.skipValue();
                    }
                    return ops == 0 ? null : new LastOp(idOf(in), ops);
                }
            }
            return null;
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    private static String idOf(MessageUnpacker in) throws IOException {
        int fields = in.unpackMapHeader();
        for (int i = 0; i < fields; i++) {
            if (nextKeyIs(in, ID)) {
                return new String(in.readPayload(in.unpackRawStringHeader()), StandardCharsets.UTF_8);
            }
            in.skipValue();
        }
        return null;
    }

    /**
     * Reads the next map key and says whether it is {@code name}, comparing bytes: msgpack-core's
     * string decoding allocates a 16 KB buffer per unpacker, which would make the ceiling the cost
     * of garbage instead of the cost of answering.
     */
    private static boolean nextKeyIs(MessageUnpacker in, byte[] name) throws IOException {
        if (in.getNextFormat().getValueType() != ValueType.STRING) {
            in.skipValue();
            return false;
        }
        int length = in.unpackRawStringHeader();
        MessageBuffer bytes = in.readPayloadAsReference(length);
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes.getByte(i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    record LastOp(String id, int ops) {
    }

    /** One connection: Helidon calls it on the connection's own thread, one frame at a time, so acks keep order. */
    private static final class EchoListener extends LocalWebSocketServer.WholeMessages {
        private final MessageCodec codec;
        private final byte[] authRequired;
        private final byte[] authAck;
        private final LongSupplier clockMillis;
        private final LongAdder ackedOps;

        EchoListener(MessageCodec codec, byte[] authRequired, byte[] authAck, LongSupplier clockMillis,
                     LongAdder ackedOps) {
            this.codec = codec;
            this.authRequired = authRequired;
            this.authAck = authAck;
            this.clockMillis = clockMillis;
            this.ackedOps = ackedOps;
        }

        @Override
        public void onOpen(WsSession session) {
            send(session, authRequired);
        }

        @Override
        void onFrame(WsSession session, byte[] frame) {
            switch (AckReader.typeOf(frame)) {
                case "OP_BATCH" -> {
                    LastOp last = lastOpOf(frame);
                    if (last != null && last.id() != null) {
                        ackedOps.add(last.ops());
                        send(session, codec.encode(new OpAck(last.id(), null, null)));
                    }
                }
                case "AUTH" -> send(session, authAck);
                case "PING" -> send(session, codec.encode(new Pong(pingTimestamp(frame), clockMillis.getAsLong())));
                default -> {
                    // nothing else is part of the ceiling
                }
            }
        }

        private long pingTimestamp(byte[] frame) {
            try {
                return codec.decode(frame) instanceof Ping ping ? ping.timestamp() : 0;
            } catch (Exception malformed) {
                return 0;
            }
        }

        private static void send(WsSession session, byte[] frame) {
            session.send(BufferData.create(frame), true);
        }
    }
}
