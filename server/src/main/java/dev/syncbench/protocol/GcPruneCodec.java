package dev.syncbench.protocol;

import java.io.IOException;

/** GC_PRUNE on the wire. */
final class GcPruneCodec {
    private GcPruneCodec() {
    }

    static GcPrune read(FrameReader in, int size) throws IOException, ProtocolException {
        dev.syncbench.crdt.Timestamp olderThan = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("olderThan")) {
                olderThan = CrdtWire.readTimestamp(in, FieldProblems.STRICT, "payload", "olderThan");
            } else {
                in.skip();
            }
        }
        return new GcPrune(FieldProblems.require(olderThan, "payload", "olderThan"));
    }

    static void write(FrameWriter out, GcPrune m) throws IOException {
        out.beginPayload(GcPrune.TYPE, 1);
        out.key("olderThan");
        CrdtWire.writeTimestamp(out, m.olderThan());
    }
}
