package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

class LiveQuerySnapshotTest {
    private final CursorCodecTest.MutableClock clock = new CursorCodecTest.MutableClock();
    private final CursorCodec cursors = new CursorCodec("snapshot-test".getBytes(), clock);

    private Query query(String json) throws InvalidQueryException {
        return Query.parse(Json.value(json), (List<String>) null, cursors);
    }

    private Snapshot snapshot(String queryJson, Map<String, Value> records) throws InvalidQueryException {
        return new LiveQuery(query(queryJson)).snapshot(records.entrySet());
    }

    private static Map<String, Value> records(String... keyThenJson) {
        Map<String, Value> records = new LinkedHashMap<>();
        for (int i = 0; i < keyThenJson.length; i += 2) {
            records.put(keyThenJson[i], Json.value(keyThenJson[i + 1]));
        }
        return records;
    }

    private static List<String> keys(Snapshot snapshot) {
        return snapshot.rows().stream().map(Row::key).toList();
    }

    private static final Map<String, Value> PEOPLE = records(
            "p1", "{'team':'b','score':5}",
            "p2", "{'team':'a','score':9}",
            "p3", "{'team':'a','score':5}",
            "p4", "{'team':'b','score':9.0}",
            "p5", "{'team':'a'}",
            "p6", "{'team':'c','score':1}");

    @Test
    void returnsOnlyMatchingRows() throws Exception {
        Snapshot s = snapshot("{'where':{'team':'a'}}", PEOPLE);
        assertEquals(List.of("p2", "p3", "p5"), keys(s));
        assertEquals(PEOPLE.get("p2"), s.rows().get(0).value());
        assertFalse(s.hasMore());
        assertEquals("none", s.cursorStatus());
    }

    @Test
    void sortsAscendingWithTiesByKeyAndMissingLast() throws Exception {
        Snapshot s = snapshot("{'sort':[{'field':'score','direction':'asc'}]}", PEOPLE);
        assertEquals(List.of("p6", "p1", "p3", "p2", "p4", "p5"), keys(s));
    }

    @Test
    void sortsDescendingWithMissingStillLast() throws Exception {
        Snapshot s = snapshot("{'sort':[{'field':'score','direction':'desc'}]}", PEOPLE);
        assertEquals(List.of("p2", "p4", "p1", "p3", "p6", "p5"), keys(s));
    }

    @Test
    void sortsBySeveralFields() throws Exception {
        Snapshot s = snapshot("{'sort':[{'field':'team','direction':'desc'},{'field':'score','direction':'asc'}]}", PEOPLE);
        assertEquals(List.of("p6", "p1", "p4", "p3", "p2", "p5"), keys(s));
    }

    @Test
    void sortsByDotPath() throws Exception {
        Map<String, Value> records = records("x", "{'a':{'n':2}}", "y", "{'a':{'n':1}}", "z", "{'a':{}}");
        assertEquals(List.of("y", "x", "z"), keys(snapshot("{'sort':[{'field':'a.n','direction':'asc'}]}", records)));
    }

    @Test
    void limitCutsTheResultAndReportsMore() throws Exception {
        Snapshot s = snapshot("{'sort':[{'field':'score','direction':'desc'}],'limit':2}", PEOPLE);
        assertEquals(List.of("p2", "p4"), keys(s));
        assertTrue(s.hasMore());
        assertNotNull(s.nextCursor());
    }

    @Test
    void limitEqualToTheMatchCountHasNoMore() throws Exception {
        Snapshot s = snapshot("{'where':{'team':'a'},'sort':[{'field':'score','direction':'desc'}],'limit':3}", PEOPLE);
        assertEquals(3, s.rows().size());
        assertFalse(s.hasMore());
        assertNull(s.nextCursor());
    }

    @Test
    void limitWithoutSortHasMoreButNoCursor() throws Exception {
        Snapshot s = snapshot("{'limit':2}", PEOPLE);
        assertEquals(List.of("p1", "p2"), keys(s));
        assertTrue(s.hasMore());
        assertNull(s.nextCursor());
    }

    @Test
    void serverCapsTheResultAtTenThousandRows() throws Exception {
        Map<String, Value> many = new LinkedHashMap<>();
        for (int i = 0; i <= Query.MAX_ROWS; i++) {
            many.put("k" + i, Json.value("{'i':" + i + "}"));
        }
        Snapshot s = snapshot("{}", many);
        assertEquals(Query.MAX_ROWS, s.rows().size());
        assertTrue(s.hasMore());
        assertNull(s.nextCursor());
    }

    @Test
    void removedRecordsAreSkipped() throws Exception {
        List<Map.Entry<String, Value>> records = List.of(
                new SimpleEntry<>("gone", null), new SimpleEntry<>("here", Json.value("{'a':1}")));
        assertEquals(List.of("here"), keys(new LiveQuery(query("{}")).snapshot(records)));
    }

    @Test
    void fieldsProjectEveryRow() throws Exception {
        Query q = Query.parse(Json.value("{'where':{'team':'a'}}"), List.of("score"), cursors);
        Snapshot s = new LiveQuery(q).snapshot(PEOPLE.entrySet());
        assertEquals(List.of(Json.value("{'score':9}"), Json.value("{'score':5}"), Json.value("{}")),
                s.rows().stream().map(Row::value).toList());
    }

    @Test
    void pagingWithCursorsReturnsEveryRowOnceInOrder() throws Exception {
        Map<String, Value> records = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            String value = i % 5 == 0 ? "{'odd':" + (i % 2) + "}" : "{'odd':" + (i % 2) + ",'score':" + (i % 4) + "}";
            records.put(String.format("k%02d", (i * 7) % 23), Json.value(value));
        }
        String base = "'sort':[{'field':'score','direction':'desc'},{'field':'odd','direction':'asc'}],'limit':4";
        List<String> everything = keys(snapshot("{" + base.replace("'limit':4", "'limit':100") + "}", records));
        assertEquals(23, everything.size());

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String cursorPart = cursor == null ? "" : ",'cursor':'" + cursor + "'";
            Snapshot page = snapshot("{" + base + cursorPart + "}", records);
            assertEquals(cursor == null ? "none" : "valid", page.cursorStatus());
            paged.addAll(keys(page));
            assertEquals(page.hasMore(), page.nextCursor() != null);
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(everything, paged);
        assertEquals(6, pages);
    }

    private String cursorAfterFirstPage(String queryJson) throws InvalidQueryException {
        String cursor = snapshot(queryJson, PEOPLE).nextCursor();
        assertNotNull(cursor);
        return cursor;
    }

    private static String withCursor(String queryJson, String cursor) {
        return queryJson.substring(0, queryJson.length() - 1) + ",'cursor':'" + cursor + "'}";
    }

    @Test
    void forgedCursorIsInvalidAndStartsFromTheBeginning() throws Exception {
        String q = "{'sort':[{'field':'score','direction':'desc'}],'limit':2}";
        String cursor = cursorAfterFirstPage(q);
        String forged = "A" + cursor.substring(1);
        Snapshot s = snapshot(withCursor(q, forged.equals(cursor) ? "B" + cursor.substring(1) : forged), PEOPLE);
        assertEquals("invalid", s.cursorStatus());
        assertEquals(List.of("p2", "p4"), keys(s));
    }

    @Test
    void cursorOfAnotherQueryIsInvalid() throws Exception {
        String cursor = cursorAfterFirstPage("{'sort':[{'field':'score','direction':'desc'}],'limit':2}");
        Snapshot otherSort = snapshot(withCursor("{'sort':[{'field':'score','direction':'asc'}],'limit':2}", cursor), PEOPLE);
        assertEquals("invalid", otherSort.cursorStatus());
        assertEquals(List.of("p6", "p1"), keys(otherSort));
        Snapshot otherFilter = snapshot(withCursor(
                "{'predicate':{'op':'isNotNull','attribute':'team'},'sort':[{'field':'score','direction':'desc'}],'limit':2}",
                cursor), PEOPLE);
        assertEquals("invalid", otherFilter.cursorStatus());
    }

    @Test
    void expiredCursorStartsFromTheBeginning() throws Exception {
        String q = "{'sort':[{'field':'score','direction':'desc'}],'limit':2}";
        String cursor = cursorAfterFirstPage(q);
        clock.advance(Duration.ofMinutes(11));
        Snapshot s = snapshot(withCursor(q, cursor), PEOPLE);
        assertEquals("expired", s.cursorStatus());
        assertEquals(List.of("p2", "p4"), keys(s));
    }

    @Test
    void validCursorContinuesAfterItsRow() throws Exception {
        String q = "{'sort':[{'field':'score','direction':'desc'}],'limit':2}";
        Snapshot s = snapshot(withCursor(q, cursorAfterFirstPage(q)), PEOPLE);
        assertEquals("valid", s.cursorStatus());
        assertEquals(List.of("p1", "p3"), keys(s));
    }
}
