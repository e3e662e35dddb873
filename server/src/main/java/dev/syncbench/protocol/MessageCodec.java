package dev.syncbench.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Turns frames into {@link Message}s and back (PROTOCOL §1, §9). Stateless and thread-safe.
 *
 * <p>Decoding first runs {@link DepthGuard} (well-formed, one value, at most {@link #MAX_DEPTH}
 * deep), then reads {@code type} and streams the fields of that type. Frame-level faults throw
 * {@link ProtocolException}; faults inside one op of a write only mark that op's problem.
 */
public final class MessageCodec {
    public static final int MAX_DEPTH = 256;

    public Message decode(byte[] frame) throws ProtocolException {
        DepthGuard.check(frame);
        try {
            String type = readType(frame);
            FrameReader in = new FrameReader(frame);
            int size = in.mapHeader();
            return switch (type) {
                case Auth.TYPE -> SessionCodec.readAuth(in, size);
                case AuthRequired.TYPE -> SessionCodec.readAuthRequired(in, size);
                case AuthAck.TYPE -> SessionCodec.readAuthAck(in, size);
                case AuthFail.TYPE -> SessionCodec.readAuthFail(in, size);
                case Ping.TYPE -> SessionCodec.readPing(in, size);
                case Pong.TYPE -> SessionCodec.readPong(in, size);
                case ErrorMessage.TYPE -> Envelope.payload(in, size, SessionCodec::readError);
                case ClientOpMessage.TYPE -> Envelope.payload(in, size, WriteCodec::readClientOpMessage);
                case OpBatch.TYPE -> Envelope.payload(in, size, WriteCodec::readOpBatch);
                case OpAck.TYPE -> Envelope.payload(in, size, WriteCodec::readOpAck);
                case OpRejected.TYPE -> Envelope.payload(in, size, WriteCodec::readOpRejected);
                default -> unrecognized(type, frame);
            };
        } catch (IOException | MessagePackException e) {
            throw new ProtocolException(DepthGuard.MALFORMED);
        }
    }

    public byte[] encode(Message message) {
        FrameWriter out = new FrameWriter();
        try {
            switch (message) {
                case Auth m -> SessionCodec.writeAuth(out, m);
                case AuthRequired m -> SessionCodec.writeAuthRequired(out, m);
                case AuthAck m -> SessionCodec.writeAuthAck(out, m);
                case AuthFail m -> SessionCodec.writeAuthFail(out, m);
                case Ping m -> SessionCodec.writePing(out, m);
                case Pong m -> SessionCodec.writePong(out, m);
                case ErrorMessage m -> SessionCodec.writeError(out, m);
                case ClientOpMessage m -> WriteCodec.writeClientOpMessage(out, m);
                case OpBatch m -> WriteCodec.writeOpBatch(out, m);
                case OpAck m -> WriteCodec.writeOpAck(out, m);
                case OpRejected m -> WriteCodec.writeOpRejected(out, m);
                case Unrecognized m -> out.value(m.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The top-level {@code type}, wherever it sits in the map; a non-map or a missing or non-string type is malformed. */
    private static String readType(byte[] frame) throws IOException, ProtocolException {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
            if (in.getNextFormat().getValueType() != ValueType.MAP) {
                throw new ProtocolException(DepthGuard.MALFORMED);
            }
            int size = in.unpackMapHeader();
            for (int i = 0; i < size; i++) {
                if (in.getNextFormat().getValueType() != ValueType.STRING) {
                    in.skipValue(2);
                    continue;
                }
                if (!in.unpackString().equals("type")) {
                    in.skipValue();
                    continue;
                }
                if (in.getNextFormat().getValueType() != ValueType.STRING) {
                    throw new ProtocolException(DepthGuard.MALFORMED);
                }
                return in.unpackString();
            }
            throw new ProtocolException(DepthGuard.MALFORMED);
        }
    }

    private static Unrecognized unrecognized(String type, byte[] frame) throws IOException {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
            return new Unrecognized(type, in.unpackValue());
        }
    }
}
