package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

class LiveQueryUpdatesTest {
    private static final CursorCodec CURSORS = new CursorCodec("updates-test".getBytes());

    private static LiveQuery live(String queryJson, List<String> fields, String... keyThenJson) throws InvalidQueryException {
        LiveQuery live = new LiveQuery(Query.parse(Json.value(queryJson), fields, CURSORS));
        Map<String, Value> records = new LinkedHashMap<>();
        for (int i = 0; i < keyThenJson.length; i += 2) {
            records.put(keyThenJson[i], Json.value(keyThenJson[i + 1]));
        }
        live.snapshot(records.entrySet());
        return live;
    }

    private static Change enter(String key, String json) {
        return new Change(key, Json.value(json), ChangeType.ENTER);
    }

    private static Change update(String key, String json) {
        return new Change(key, Json.value(json), ChangeType.UPDATE);
    }

    private static Change leave(String key) {
        return new Change(key, null, ChangeType.LEAVE);
    }

    private static List<Change> put(LiveQuery live, String key, String json) {
        return live.apply(key, Json.value(json));
    }

    // Without limit: the result is every matching record.

    @Test
    void recordThatStartsMatchingEnters() throws Exception {
        LiveQuery live = live("{'where':{'on':true}}", null, "a", "{'on':false}");
        assertEquals(List.of(enter("a", "{'on':true}")), put(live, "a", "{'on':true}"));
        assertEquals(List.of(enter("b", "{'on':true}")), put(live, "b", "{'on':true}"));
    }

    @Test
    void recordThatKeepsMatchingUpdates() throws Exception {
        LiveQuery live = live("{'where':{'on':true}}", null, "a", "{'on':true,'n':1}");
        assertEquals(List.of(update("a", "{'on':true,'n':2}")), put(live, "a", "{'on':true,'n':2}"));
    }

    @Test
    void recordThatStopsMatchingLeaves() throws Exception {
        LiveQuery live = live("{'where':{'on':true}}", null, "a", "{'on':true}");
        assertEquals(List.of(leave("a")), put(live, "a", "{'on':false}"));
    }

    @Test
    void removedRecordLeaves() throws Exception {
        LiveQuery live = live("{}", null, "a", "{'x':1}");
        assertEquals(List.of(leave("a")), live.apply("a", null));
        assertEquals(List.of(), live.apply("a", null));
    }

    @Test
    void nonMatchingWriteOfAnOutsideKeyChangesNothing() throws Exception {
        LiveQuery live = live("{'where':{'on':true}}", null, "a", "{'on':true}");
        assertEquals(List.of(), put(live, "b", "{'on':false}"));
        assertEquals(List.of(), live.apply("c", null));
    }

    @Test
    void changesCarryProjectedValues() throws Exception {
        LiveQuery live = live("{}", List.of("name"), "a", "{'name':'A','secret':1}");
        assertEquals(List.of(update("a", "{'name':'B'}")), put(live, "a", "{'name':'B','secret':2}"));
        assertEquals(List.of(enter("b", "{'name':'C'}")), put(live, "b", "{'name':'C','secret':3}"));
    }

    // With sort + limit: the live top-N window.

    private static final String TOP3 = "{'sort':[{'field':'score','direction':'desc'}],'limit':3}";

    private static LiveQuery top3() throws InvalidQueryException {
        return live(TOP3, null,
                "a", "{'score':10}", "b", "{'score':20}", "c", "{'score':30}", "d", "{'score':5}");
    }

    @Test
    void snapshotSetsTheWindow() throws Exception {
        assertEquals(List.of("c", "b", "a"), top3().windowKeys());
    }

    @Test
    void displacingWriteLeavesTheDisplacedAndEntersTheNew() throws Exception {
        LiveQuery live = top3();
        assertEquals(List.of(leave("a"), enter("e", "{'score':25}")), put(live, "e", "{'score':25}"));
        assertEquals(List.of("c", "e", "b"), live.windowKeys());
    }

    @Test
    void enterRankingOutsideTheWindowIsSuppressed() throws Exception {
        LiveQuery live = top3();
        assertEquals(List.of(), put(live, "f", "{'score':1}"));
        assertEquals(List.of(), put(live, "d", "{'score':6}"));
        assertEquals(List.of("c", "b", "a"), live.windowKeys());
    }

    @Test
    void freedSlotPullsTheBestOutsideRowBackIn() throws Exception {
        LiveQuery live = top3();
        put(live, "d", "{'score':7}");
        put(live, "f", "{'score':6}");
        assertEquals(List.of(leave("c"), enter("d", "{'score':7}")), live.apply("c", null));
        assertEquals(List.of("b", "a", "d"), live.windowKeys());
    }

    @Test
    void displacedRowComesBackWhenASlotFrees() throws Exception {
        LiveQuery live = top3();
        put(live, "e", "{'score':25}");
        assertEquals(List.of(leave("e"), enter("a", "{'score':10}")), live.apply("e", null));
    }

    @Test
    void windowRowFallingOutOfTheTopIsReplaced() throws Exception {
        LiveQuery live = top3();
        assertEquals(List.of(leave("b"), enter("d", "{'score':5}")), put(live, "b", "{'score':1}"));
        assertEquals(List.of("c", "a", "d"), live.windowKeys());
    }

    @Test
    void windowRowMovingWithinTheTopUpdates() throws Exception {
        LiveQuery live = top3();
        assertEquals(List.of(update("a", "{'score':40}")), put(live, "a", "{'score':40}"));
        assertEquals(List.of("a", "c", "b"), live.windowKeys());
    }

    @Test
    void windowRowThatStopsMatchingIsReplaced() throws Exception {
        LiveQuery live = live("{'where':{'on':true},'sort':[{'field':'score','direction':'asc'}],'limit':2}", null,
                "a", "{'on':true,'score':1}", "b", "{'on':true,'score':2}", "c", "{'on':true,'score':3}");
        assertEquals(List.of(leave("a"), enter("c", "{'on':true,'score':3}")), put(live, "a", "{'on':false,'score':1}"));
    }

    @Test
    void windowNeverGrowsPastTheLimitWhenItWasShort() throws Exception {
        LiveQuery live = live(TOP3, null, "a", "{'score':1}");
        assertEquals(List.of(enter("b", "{'score':2}")), put(live, "b", "{'score':2}"));
        assertEquals(List.of(enter("c", "{'score':0}")), put(live, "c", "{'score':0}"));
        assertEquals(List.of(leave("c"), enter("d", "{'score':3}")), put(live, "d", "{'score':3}"));
    }

    @Test
    void cursorPageIgnoresRowsBeforeTheCursor() throws Exception {
        String firstPage = "{'sort':[{'field':'score','direction':'desc'}],'limit':2}";
        Map<String, Value> records = new LinkedHashMap<>();
        records.put("a", Json.value("{'score':40}"));
        records.put("b", Json.value("{'score':30}"));
        records.put("c", Json.value("{'score':20}"));
        records.put("d", Json.value("{'score':10}"));
        String cursor = new LiveQuery(Query.parse(Json.value(firstPage), (List<String>) null, CURSORS))
                .snapshot(records.entrySet()).nextCursor();
        String secondPage = firstPage.replace("'limit':2", "'limit':2,'cursor':'" + cursor + "'");
        LiveQuery live = new LiveQuery(Query.parse(Json.value(secondPage), (List<String>) null, CURSORS));
        assertEquals("valid", live.snapshot(records.entrySet()).cursorStatus());
        assertEquals(List.of("c", "d"), live.windowKeys());
        assertEquals(List.of(), put(live, "e", "{'score':35}"));
        assertEquals(List.of(update("d", "{'score':15}")), put(live, "d", "{'score':15}"));
        assertEquals(List.of(leave("c")), put(live, "c", "{'score':50}"));
        assertEquals(List.of("d"), live.windowKeys());
    }

    @Test
    void rowMovingBeforeTheCursorLeaves() throws Exception {
        String firstPage = "{'sort':[{'field':'score','direction':'desc'}],'limit':1}";
        Map<String, Value> records = new LinkedHashMap<>();
        records.put("a", Json.value("{'score':40}"));
        records.put("b", Json.value("{'score':30}"));
        records.put("c", Json.value("{'score':20}"));
        String cursor = new LiveQuery(Query.parse(Json.value(firstPage), (List<String>) null, CURSORS))
                .snapshot(records.entrySet()).nextCursor();
        LiveQuery live = new LiveQuery(Query.parse(
                Json.value(firstPage.replace("'limit':1", "'limit':1,'cursor':'" + cursor + "'")), (List<String>) null, CURSORS));
        live.snapshot(records.entrySet());
        assertEquals(List.of("b"), live.windowKeys());
        assertEquals(List.of(leave("b"), enter("c", "{'score':20}")), put(live, "b", "{'score':45}"));
    }
}
