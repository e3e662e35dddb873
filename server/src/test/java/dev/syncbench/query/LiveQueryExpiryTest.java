package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Rows with a TTL leave a live result when they expire, and a top-N window refills (issue 9, item 7). */
class LiveQueryExpiryTest {

    private static Value score(int n) {
        return ValueFactory.newMap(ValueFactory.newString("score"), ValueFactory.newInteger(n));
    }

    private static List<String> describe(List<Change> changes) {
        return changes.stream().map(c -> c.key() + ":" + c.type()).toList();
    }

    @Test
    void anExpiredRowLeavesTheTopNWindowAndTheNextRowEnters() throws Exception {
        LiveQuery live = new LiveQuery(QueryTest.query("{'sort':[{'field':'score','direction':'desc'}],'limit':2}"));
        live.snapshotRecords(List.of(
                new LiveRecord("a", score(3), 1_000),
                new LiveRecord("b", score(2), LiveRecord.NEVER),
                new LiveRecord("c", score(1), LiveRecord.NEVER)));
        assertEquals(List.of("a", "b"), live.windowKeys());
        assertEquals(1_000, live.nextExpiry());

        assertEquals(List.of(), describe(live.expire(1_000)), "expired means strictly after millis + ttl");
        assertEquals(List.of("a:LEAVE", "c:ENTER"), describe(live.expire(1_001)));
        assertEquals(List.of("b", "c"), live.windowKeys());
        assertEquals(LiveRecord.NEVER, live.nextExpiry());
    }

    @Test
    void aRewriteReplacesTheOldExpiry() throws Exception {
        LiveQuery live = new LiveQuery(QueryTest.query("{}"));
        live.snapshotRecords(List.of(new LiveRecord("a", score(1), 500)));
        live.apply("a", score(2), 5_000);
        assertEquals(5_000, live.nextExpiry());
        assertEquals(List.of(), describe(live.expire(1_000)));
        assertEquals(List.of("a:LEAVE"), describe(live.expire(5_001)));
    }
}
