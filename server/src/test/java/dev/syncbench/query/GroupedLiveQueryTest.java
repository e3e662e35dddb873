package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class GroupedLiveQueryTest {
    private static final CursorCodec CURSORS = new CursorCodec("grouped-test".getBytes());
    private static final String BY_CATEGORY = "{'groupBy':['category'],'aggregations':["
            + "{'func':'count'},{'func':'sum','field':'amount'},{'func':'avg','field':'amount'},"
            + "{'func':'min','field':'amount'},{'func':'max','field':'amount'}]}";

    private static LiveView grouped(String queryJson, String... keyThenJson) throws InvalidQueryException {
        LiveView live = LiveView.of(Query.parse(Json.value(queryJson), (List<String>) null, CURSORS));
        live.beginSnapshot();
        for (int i = 0; i < keyThenJson.length; i += 2) {
            live.offer(new LiveRecord(keyThenJson[i], Json.value(keyThenJson[i + 1]), LiveRecord.NEVER));
        }
        live.finishSnapshot();
        return live;
    }

    private static Map<String, Value> rowsByKey(Snapshot snapshot) {
        Map<String, Value> rows = new LinkedHashMap<>();
        snapshot.rows().forEach(row -> rows.put(row.key(), row.value()));
        return rows;
    }

    private static Value field(Value row, String name) {
        return Values.field(row, name);
    }

    @Test
    void eachGroupRowHasItsKeyCountAggregatesAndColumn() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':1}", "b", "{'category':'x','amount':2.5}",
                "c", "{'category':'y','amount':'ten'}", "d", "{'amount':4}");
        Map<String, Value> rows = rowsByKey(live.currentSnapshot());
        assertEquals(List.of("N", "S1:x", "S1:y"), List.copyOf(rows.keySet()));
        Value x = rows.get("S1:x");
        assertEquals(Json.value("{'__key':'S1:x','__count':2,'__sum_amount':3.5,'__avg_amount':1.75,"
                + "'__min_amount':1,'__max_amount':2.5,'category':'x'}"), x);
        // no numbers: sum 0, avg/min/max nil; a missing group field is nil
        assertEquals(Json.value("{'__key':'S1:y','__count':1,'__sum_amount':0,'__avg_amount':null,"
                + "'__min_amount':null,'__max_amount':null,'category':'y'}"), rows.get("S1:y"));
        assertTrue(field(rows.get("N"), "category").isNilValue());
    }

    @Test
    void groupByOnlyRowsHoldJustKeyCountAndColumns() throws Exception {
        LiveView live = grouped("{'groupBy':['category','on']}", "a", "{'category':'x','on':true,'amount':1}");
        assertEquals(Json.value("{'__key':'S1:xB1','__count':1,'category':'x','on':true}"),
                live.currentSnapshot().rows().getFirst().value());
    }

    @Test
    void keysEncodeEachKindAsTopGunDoes() throws Exception {
        LiveView live = grouped("{'groupBy':['g']}", "a", "{'g':-7}", "b", "{'g':false}", "c", "{'g':'é'}", "d", "{'g':1.5}");
        long bits = Double.doubleToRawLongBits(1.5);
        assertEquals(List.of("B0", "F" + Long.toUnsignedString(bits) + ";", "I-7;", "S2:é"),
                List.copyOf(rowsByKey(live.currentSnapshot()).keySet()));
    }

    @Test
    void aWriteThatMovesARecordUpdatesTheGroupItLeftThenTheOneItEntered() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':1}", "b", "{'category':'x','amount':2}",
                "c", "{'category':'y','amount':5}");
        List<Change> changes = live.apply("a", Json.value("{'category':'y','amount':1}"), LiveRecord.NEVER);
        assertEquals(2, changes.size());
        assertEquals(new Change("S1:x", Json.value("{'__key':'S1:x','__count':1,'__sum_amount':2,'__avg_amount':2.0,"
                + "'__min_amount':2,'__max_amount':2,'category':'x'}"), ChangeType.UPDATE), changes.get(0));
        assertEquals("S1:y", changes.get(1).key());
        assertEquals(ChangeType.UPDATE, changes.get(1).type());
        assertEquals(ValueFactory.newInteger(1), field(changes.get(1).value(), "__min_amount"));
    }

    @Test
    void aGroupAppearsWithEnterAndLeavesWithItsLastRecord() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':1}");
        List<Change> moved = live.apply("a", Json.value("{'category':'z','amount':1}"), LiveRecord.NEVER);
        assertEquals(new Change("S1:x", null, ChangeType.LEAVE), moved.get(0));
        assertEquals("S1:z", moved.get(1).key());
        assertEquals(ChangeType.ENTER, moved.get(1).type());
        assertEquals(List.of(new Change("S1:z", null, ChangeType.LEAVE)), live.apply("a", null, LiveRecord.NEVER));
        assertTrue(live.currentSnapshot().rows().isEmpty());
    }

    @Test
    void aWriteThatChangesNoGroupRowSendsNothing() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':1,'note':'old'}");
        assertEquals(List.of(), live.apply("a", Json.value("{'category':'x','amount':1,'note':'new'}"), LiveRecord.NEVER));
    }

    @Test
    void recordsTheFilterDropsLeaveTheirGroup() throws Exception {
        LiveView live = grouped("{'groupBy':['category'],'where':{'on':true}}", "a", "{'category':'x','on':true}",
                "b", "{'category':'x','on':true}");
        List<Change> changes = live.apply("a", Json.value("{'category':'x','on':false}"), LiveRecord.NEVER);
        assertEquals(List.of(new Change("S1:x", Json.value("{'__key':'S1:x','__count':1,'category':'x'}"), ChangeType.UPDATE)),
                changes);
    }

    @Test
    void minAndMaxComeBackWhenTheExtremeLeaves() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':1}", "b", "{'category':'x','amount':9}",
                "c", "{'category':'x','amount':5}");
        Value row = live.apply("b", null, LiveRecord.NEVER).getFirst().value();
        assertEquals(ValueFactory.newInteger(5), field(row, "__max_amount"));
        row = live.apply("a", null, LiveRecord.NEVER).getFirst().value();
        assertEquals(ValueFactory.newInteger(5), field(row, "__min_amount"));
    }

    @Test
    void sumsAreExactWhateverTheOrderOfWrites() throws Exception {
        LiveView live = grouped(BY_CATEGORY, "a", "{'category':'x','amount':0.1}", "b", "{'category':'x','amount':0.2}");
        live.apply("c", Json.value("{'category':'x','amount':1e17}"), LiveRecord.NEVER);
        Value row = live.apply("c", null, LiveRecord.NEVER).getFirst().value();
        // the sum of the two doubles rounded once, not 0.1 + 0.2 + 1e17 - 1e17 = 0
        assertEquals(new java.math.BigDecimal(0.1).add(new java.math.BigDecimal(0.2)).doubleValue(),
                field(row, "__sum_amount").asFloatValue().toDouble());
    }

    @Test
    void sortAndLimitApplyToGroupRows() throws Exception {
        LiveView live = grouped("{'groupBy':['category'],'sort':[{'field':'__count','direction':'desc'}],'limit':1}",
                "a", "{'category':'x'}", "b", "{'category':'y'}", "c", "{'category':'y'}");
        Snapshot snapshot = live.currentSnapshot();
        assertEquals(List.of("S1:y"), snapshot.rows().stream().map(Row::key).toList());
        assertTrue(snapshot.hasMore());
        List<Change> changes = live.apply("d", Json.value("{'category':'x'}"), LiveRecord.NEVER);
        changes.addAll(live.apply("e", Json.value("{'category':'x'}"), LiveRecord.NEVER));
        // x (3) displaces y (2) from the one-row window
        assertEquals(List.of(new Change("S1:y", null, ChangeType.LEAVE)), changes.subList(0, 1));
        assertEquals("S1:x", changes.get(1).key());
        assertEquals(ChangeType.ENTER, changes.get(1).type());
    }

    @Test
    void expiredRecordsLeaveTheirGroup() throws Exception {
        LiveView live = LiveView.of(Query.parse(Json.value("{'groupBy':['category']}"), (List<String>) null, CURSORS));
        live.beginSnapshot();
        live.offer(new LiveRecord("a", Json.value("{'category':'x'}"), 1_000));
        live.offer(new LiveRecord("b", Json.value("{'category':'x'}"), LiveRecord.NEVER));
        live.finishSnapshot();
        assertEquals(1_000, live.nextExpiry());
        List<Change> changes = live.expire(1_001);
        assertEquals(ValueFactory.newInteger(1), field(changes.getFirst().value(), "__count"));
        assertEquals(LiveRecord.NEVER, live.nextExpiry());
    }

    /** After any writes, the rows a client built from the snapshot and its updates are what a fresh snapshot gives. */
    @Test
    void updatesKeepTheClientsRowsEqualToAFreshSnapshot() throws Exception {
        String queryJson = "{'groupBy':['category'],'where':{'on':true},'aggregations':[{'func':'sum','field':'amount'},"
                + "{'func':'avg','field':'amount'},{'func':'min','field':'amount'},{'func':'max','field':'amount'}],"
                + "'sort':[{'field':'__sum_amount','direction':'desc'}],'limit':3}";
        Random random = new Random(12);
        Map<String, Value> store = new HashMap<>();
        LiveView live = grouped(queryJson);
        Map<String, Value> client = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + random.nextInt(40);
            Value value = random.nextInt(8) == 0 ? null : randomRecord(random);
            if (value == null) {
                store.remove(key);
            } else {
                store.put(key, value);
            }
            for (Change change : live.apply(key, value, LiveRecord.NEVER)) {
                if (change.type() == ChangeType.LEAVE) {
                    assertNull(change.value());
                    client.remove(change.key());
                } else {
                    client.put(change.key(), change.value());
                }
            }
            if (i % 250 == 0) {
                LiveView fresh = grouped(queryJson);
                fresh.beginSnapshot();
                store.forEach((k, v) -> fresh.offer(new LiveRecord(k, v, LiveRecord.NEVER)));
                assertEquals(rowsByKey(fresh.finishSnapshot()), client, "after write " + i);
            }
        }
    }

    private static Value randomRecord(Random random) {
        String[] categories = {"a", "b", "c", "d", "e"};
        Value amount = switch (random.nextInt(4)) {
            case 0 -> ValueFactory.newInteger(random.nextInt(100) - 50);
            case 1 -> ValueFactory.newFloat(random.nextInt(1000) / 8.0);
            case 2 -> ValueFactory.newString("n/a");
            default -> ValueFactory.newNil();
        };
        return ValueFactory.newMap(
                ValueFactory.newString("category"), ValueFactory.newString(categories[random.nextInt(categories.length)]),
                ValueFactory.newString("on"), ValueFactory.newBoolean(random.nextInt(4) != 0),
                ValueFactory.newString("amount"), amount);
    }
}
