package dev.syncbench.net;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;

/**
 * Whether the bytes already read from a connection's socket hold another complete data frame, so
 * the connection's thread will handle it without waiting on the network. Replies are then held
 * back and leave with the next frame's in one socket write. Only the connection's own thread may
 * ask, as only it reads from the socket.
 */
final class FramesInHand {
    private static final int MAX_HEADER = 14;

    private final DataReader reader;

    FramesInHand(DataReader reader) {
        this.reader = reader;
    }

    /**
     * True when a complete binary, text or continuation frame is buffered next. A control frame
     * (ping, close) or a partial frame reads as false: the thread may then block, so what is
     * pending must leave first.
     */
    boolean nextDataFrameComplete() {
        int available = reader.available();
        if (available < 2) {
            return false;
        }
        BufferData header = reader.getBuffer(Math.min(available, MAX_HEADER));
        int opcode = header.get(0) & 0x0f;
        if (opcode > 2) {
            return false;
        }
        int second = header.get(1);
        long length = second & 0x7f;
        int headerLength = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = (header.get(2) << 8) | header.get(3);
            headerLength = 4;
        } else if (length == 127) {
            if (available < 10) {
                return false;
            }
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | header.get(i);
            }
            headerLength = 10;
        }
        if ((second & 0x80) != 0) {
            headerLength += 4;
        }
        return length >= 0 && available - headerLength >= length;
    }
}
