package dev.syncbench.protocol;

import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Checks, before any real decoding, that a frame is exactly one well-formed MessagePack value
 * nested at most {@link MessageCodec#MAX_DEPTH} containers deep. It walks the headers with an
 * explicit stack instead of recursion, so a hostile 100,000-deep frame is rejected at the
 * 257th header without deep Java stacks; the decoders that run afterwards may recurse safely.
 */
final class DepthGuard {
    static final String MALFORMED = "malformed frame";
    static final String TOO_DEEP = "nesting deeper than " + MessageCodec.MAX_DEPTH;

    private DepthGuard() {
    }

    static void check(byte[] frame) throws ProtocolException {
        // remaining[d] = values still to read in the container open at depth d; depth 0 holds the frame's one value.
        int[] remaining = new int[16];
        int depth = 0;
        remaining[0] = 1;
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
            while (depth >= 0) {
                if (remaining[depth] == 0) {
                    depth--;
                    continue;
                }
                remaining[depth]--;
                MessageFormat format = in.getNextFormat();
                long children;
                switch (format.getValueType()) {
                    case MAP -> children = 2L * in.unpackMapHeader();
                    case ARRAY -> children = in.unpackArrayHeader();
                    default -> {
                        in.skipValue();
                        continue;
                    }
                }
                if (depth == MessageCodec.MAX_DEPTH) {
                    throw new ProtocolException(TOO_DEEP);
                }
                // Every value takes at least one byte, so a count beyond the frame's size is a lie.
                if (children > frame.length) {
                    throw new ProtocolException(MALFORMED);
                }
                if (++depth == remaining.length) {
                    remaining = Arrays.copyOf(remaining, Math.min(remaining.length * 2, MessageCodec.MAX_DEPTH + 1));
                }
                remaining[depth] = (int) children;
            }
            if (in.hasNext()) {
                throw new ProtocolException(MALFORMED);
            }
        } catch (IOException | MessagePackException e) {
            throw new ProtocolException(MALFORMED);
        }
    }
}
