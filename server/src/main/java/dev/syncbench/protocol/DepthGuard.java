package dev.syncbench.protocol;

import java.util.Arrays;

/**
 * Checks, before any real decoding, that a frame is exactly one well-formed MessagePack value
 * nested at most {@link MessageCodec#MAX_DEPTH} containers deep. It walks the type headers over
 * the raw bytes with an explicit stack instead of recursion, so a hostile 100,000-deep frame is
 * rejected at the 257th header without deep Java stacks, and the decoders that run afterwards
 * may recurse safely. Reading the bytes directly keeps this pass far cheaper than the decode.
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
        int position = 0;
        while (depth >= 0) {
            if (remaining[depth] == 0) {
                depth--;
                continue;
            }
            remaining[depth]--;
            if (position >= frame.length) {
                throw new ProtocolException(MALFORMED);
            }
            int marker = frame[position] & 0xff;
            long children = -1; // -1: not a container
            long size; // header plus payload bytes of a scalar, header bytes of a container
            if (marker <= 0x7f || marker >= 0xe0) {
                size = 1;
            } else if (marker <= 0x8f) {
                size = 1;
                children = 2L * (marker & 0x0f);
            } else if (marker <= 0x9f) {
                size = 1;
                children = marker & 0x0f;
            } else if (marker <= 0xbf) {
                size = 1 + (marker & 0x1f);
            } else {
                switch (marker) {
                    case 0xc0, 0xc2, 0xc3 -> size = 1;
                    case 0xc4, 0xd9 -> size = 2 + length(frame, position + 1, 1);
                    case 0xc5, 0xda -> size = 3 + length(frame, position + 1, 2);
                    case 0xc6, 0xdb -> size = 5 + length(frame, position + 1, 4);
                    case 0xc7 -> size = 3 + length(frame, position + 1, 1);
                    case 0xc8 -> size = 4 + length(frame, position + 1, 2);
                    case 0xc9 -> size = 6 + length(frame, position + 1, 4);
                    case 0xca, 0xce, 0xd2 -> size = 5;
                    case 0xcb, 0xcf, 0xd3 -> size = 9;
                    case 0xcc, 0xd0 -> size = 2;
                    case 0xcd, 0xd1 -> size = 3;
                    case 0xd4 -> size = 3;
                    case 0xd5 -> size = 4;
                    case 0xd6 -> size = 6;
                    case 0xd7 -> size = 10;
                    case 0xd8 -> size = 18;
                    case 0xdc -> {
                        size = 3;
                        children = length(frame, position + 1, 2);
                    }
                    case 0xdd -> {
                        size = 5;
                        children = length(frame, position + 1, 4);
                    }
                    case 0xde -> {
                        size = 3;
                        children = 2 * length(frame, position + 1, 2);
                    }
                    case 0xdf -> {
                        size = 5;
                        children = 2 * length(frame, position + 1, 4);
                    }
                    default -> throw new ProtocolException(MALFORMED); // 0xc1, never used
                }
            }
            if (size > frame.length - position) {
                throw new ProtocolException(MALFORMED);
            }
            position += (int) size;
            if (children < 0) {
                continue;
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
        if (position != frame.length) {
            throw new ProtocolException(MALFORMED);
        }
    }

    /** A big-endian unsigned length of {@code bytes} bytes at {@code at}; a truncated one is malformed. */
    private static long length(byte[] frame, int at, int bytes) throws ProtocolException {
        if (at + bytes > frame.length) {
            throw new ProtocolException(MALFORMED);
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (frame[at + i] & 0xff);
        }
        return value;
    }
}
