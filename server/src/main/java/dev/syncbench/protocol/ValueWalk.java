package dev.syncbench.protocol;

/**
 * Walks one MessagePack value in a frame that {@link DepthGuard} has accepted, to find where it
 * ends, without recursion or allocation. The checked walk also makes sure the value can be read
 * as data by every reader in the server: a timestamp extension (type -1) must hold 4, 8 or 12
 * bytes with nanoseconds below one second and seconds that fit an {@link java.time.Instant}.
 */
final class ValueWalk {
    private static final byte TIMESTAMP = -1;
    private static final long INSTANT_MIN_SECONDS = -31557014167219200L;
    private static final long INSTANT_MAX_SECONDS = 31556889864403199L;
    private static final long MAX_NANOS = 999_999_999L;

    private ValueWalk() {
    }

    /** Where the value starting at {@code start} ends. */
    static int end(byte[] frame, int start) {
        return walk(frame, start, false);
    }

    /**
     * Where the value starting at {@code start} ends, or, when an extension in it cannot be read,
     * {@code -2 - position} of that extension's header (see {@link #describe}).
     */
    static int checkedEnd(byte[] frame, int start) {
        return walk(frame, start, true);
    }

    /** What is wrong with the extension whose header is at {@code position}. */
    static String describe(byte[] frame, int position) {
        int length = extLength(frame, position);
        if (length != 4 && length != 8 && length != 12) {
            return "timestamp extension with a " + length + "-byte payload (expected 4, 8 or 12)";
        }
        return "timestamp extension out of range";
    }

    private static int walk(byte[] frame, int position, boolean check) {
        long remaining = 1;
        while (remaining > 0) {
            remaining--;
            int marker = frame[position] & 0xff;
            if (marker <= 0x7f || marker >= 0xe0) {
                position++;
            } else if (marker <= 0x8f) {
                remaining += 2L * (marker & 0x0f);
                position++;
            } else if (marker <= 0x9f) {
                remaining += marker & 0x0f;
                position++;
            } else if (marker <= 0xbf) {
                position += 1 + (marker & 0x1f);
            } else {
                switch (marker) {
                    case 0xc0, 0xc2, 0xc3 -> position += 1;
                    case 0xc4, 0xd9 -> position += 2 + length(frame, position + 1, 1);
                    case 0xc5, 0xda -> position += 3 + length(frame, position + 1, 2);
                    case 0xc6, 0xdb -> position += 5 + length(frame, position + 1, 4);
                    case 0xcc, 0xd0 -> position += 2;
                    case 0xcd, 0xd1 -> position += 3;
                    case 0xca, 0xce, 0xd2 -> position += 5;
                    case 0xcb, 0xcf, 0xd3 -> position += 9;
                    case 0xdc -> {
                        remaining += length(frame, position + 1, 2);
                        position += 3;
                    }
                    case 0xdd -> {
                        remaining += length(frame, position + 1, 4);
                        position += 5;
                    }
                    case 0xde -> {
                        remaining += 2L * length(frame, position + 1, 2);
                        position += 3;
                    }
                    case 0xdf -> {
                        remaining += 2L * length(frame, position + 1, 4);
                        position += 5;
                    }
                    default -> { // the extensions: c7-c9, d4-d8
                        int header = extHeader(marker);
                        int length = extLength(frame, position);
                        if (check && frame[position + header - 1] == TIMESTAMP
                                && !readableTimestamp(frame, position + header, length)) {
                            return -2 - position;
                        }
                        position += header + length;
                    }
                }
            }
        }
        return position;
    }

    /** Header bytes of an extension, its type byte included. */
    private static int extHeader(int marker) {
        return switch (marker) {
            case 0xc7 -> 3;
            case 0xc8 -> 4;
            case 0xc9 -> 6;
            default -> 2; // fixext
        };
    }

    private static int extLength(byte[] frame, int position) {
        return switch (frame[position] & 0xff) {
            case 0xc7 -> length(frame, position + 1, 1);
            case 0xc8 -> length(frame, position + 1, 2);
            case 0xc9 -> length(frame, position + 1, 4);
            case 0xd4 -> 1;
            case 0xd5 -> 2;
            case 0xd6 -> 4;
            case 0xd7 -> 8;
            default -> 16;
        };
    }

    private static boolean readableTimestamp(byte[] frame, int data, int length) {
        return switch (length) {
            case 4 -> true;
            case 8 -> (bigEndian(frame, data, 8) >>> 34) <= MAX_NANOS;
            case 12 -> {
                long nanos = bigEndian(frame, data, 4);
                long seconds = bigEndian(frame, data + 4, 8);
                yield nanos <= MAX_NANOS && seconds >= INSTANT_MIN_SECONDS && seconds <= INSTANT_MAX_SECONDS;
            }
            default -> false;
        };
    }

    private static int length(byte[] frame, int at, int bytes) {
        return (int) bigEndian(frame, at, bytes);
    }

    private static long bigEndian(byte[] frame, int at, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (frame[at + i] & 0xff);
        }
        return value;
    }
}
