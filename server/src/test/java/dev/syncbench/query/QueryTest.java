package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

class QueryTest {
    private static final CursorCodec CURSORS = new CursorCodec(new byte[] {1, 2, 3});
    private static final Path FIXTURES =
            Path.of(System.getProperty("syncbench.fixtures", "src/test/resources/fixtures"));

    static Query query(String json) throws InvalidQueryException {
        return Query.parse(Json.value(json), (List<String>) null, CURSORS);
    }

    private static InvalidQueryException invalid(String json) {
        return assertThrows(InvalidQueryException.class, () -> query(json));
    }

    @Test
    void emptyQueryMatchesEveryLiveRecord() throws Exception {
        Query q = query("{}");
        assertTrue(q.matches(Json.value("{'a':1}")));
        assertTrue(q.matches(Json.value("'a plain string'")));
        assertFalse(q.matches(null));
    }

    @Test
    void whereIsExactEqualityAndedOverTopLevelFields() throws Exception {
        Query q = query("{'where':{'role':'admin','level':3}}");
        assertTrue(q.matches(Json.value("{'role':'admin','level':3.0,'x':1}")));
        assertFalse(q.matches(Json.value("{'role':'admin','level':4}")));
        assertFalse(q.matches(Json.value("{'role':'admin'}")));
        assertFalse(q.matches(Json.value("{'role':'user','level':3}")));
    }

    @Test
    void whereComparesOperatorMapsLiterally() throws Exception {
        Query q = query("{'where':{'age':{'$gt':18}}}");
        assertFalse(q.matches(Json.value("{'age':30}")));
        assertTrue(q.matches(Json.value("{'age':{'$gt':18}}")));
    }

    @Test
    void whereNamesAreTopLevelKeysNotPaths() throws Exception {
        Query q = query("{'where':{'a.b':1}}");
        assertTrue(q.matches(Json.value("{'a.b':1}")));
        assertFalse(q.matches(Json.value("{'a':{'b':1}}")));
    }

    @Test
    void whereNeverMatchesAnAbsentOrNilField() throws Exception {
        assertFalse(query("{'where':{'x':null}}").matches(Json.value("{'x':null}")));
        assertFalse(query("{'where':{'x':null}}").matches(Json.value("{}")));
    }

    @Test
    void predicateAloneFilters() throws Exception {
        Query q = query("{'predicate':{'op':'gt','attribute':'age','value':18}}");
        assertTrue(q.matches(Json.value("{'age':30}")));
        assertFalse(q.matches(Json.value("{'age':10}")));
    }

    @Test
    void whereAndPredicateTogetherMustBothHold() throws Exception {
        Query q = query("{'where':{'role':'admin'},'predicate':{'op':'gt','attribute':'age','value':18}}");
        assertTrue(q.matches(Json.value("{'role':'admin','age':30}")));
        assertFalse(q.matches(Json.value("{'role':'user','age':30}")));
        assertFalse(q.matches(Json.value("{'role':'admin','age':10}")));
    }

    @Test
    void fixtureQuerySubParsesWithItsLiteralWhere() throws Exception {
        Value message;
        try (var unpacker = MessagePack.newDefaultUnpacker(Files.readAllBytes(FIXTURES.resolve("QUERY_SUB.msgpack")))) {
            message = unpacker.unpackValue();
        } catch (IOException e) {
            throw new AssertionError("fixtures not found at " + FIXTURES.toAbsolutePath()
                    + "; set -Dsyncbench.fixtures", e);
        }
        Value payload = Values.field(message, "payload");
        Query q = Query.parse(Values.field(payload, "query"), Values.field(payload, "fields"), CURSORS);
        assertEquals(List.of(new SortField("createdAt", true)), q.sort());
        assertEquals(50, q.limit());
        assertTrue(q.hasWindow());
        assertFalse(q.matches(Json.value("{'age':30,'createdAt':1}")));
    }

    @Test
    void sortParsesFieldsAndDirections() throws Exception {
        Query q = query("{'sort':[{'field':'a','direction':'desc'},{'field':'b','direction':'asc'},{'field':'c'}],'limit':5}");
        assertEquals(List.of(new SortField("a", true), new SortField("b", false), new SortField("c", false)), q.sort());
        assertTrue(q.hasWindow());
    }

    @Test
    void windowNeedsBothSortAndLimit() throws Exception {
        assertFalse(query("{'limit':5}").hasWindow());
        assertFalse(query("{'sort':[{'field':'a','direction':'asc'}]}").hasWindow());
        assertFalse(query("{'sort':[],'limit':5}").hasWindow());
    }

    @Test
    void sortAsAMapIsRejected() {
        assertTrue(invalid("{'sort':{'createdAt':'desc'}}").getMessage().contains("sort"));
    }

    @Test
    void sortElementWithoutFieldIsRejected() {
        assertTrue(invalid("{'sort':[{'direction':'asc'}]}").getMessage().contains("sort[0]"));
        invalid("{'sort':['createdAt']}");
    }

    @Test
    void sortDirectionOtherThanAscOrDescIsRejected() {
        assertTrue(invalid("{'sort':[{'field':'a','direction':'up'}]}").getMessage().contains("direction"));
        invalid("{'sort':[{'field':'a','direction':1}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "2.5", "'10'", "true", "[1]"})
    void limitMustBeAPositiveInteger(String limit) {
        assertTrue(invalid("{'limit':" + limit + "}").getMessage().contains("limit"));
    }

    @Test
    void limitMayArriveAsAWholeFloat() throws Exception {
        assertEquals(7, query("{'limit':7.0}").limit());
    }

    @Test
    void whereMustBeAMap() {
        assertTrue(invalid("{'where':[1,2]}").getMessage().contains("where"));
        invalid("{'where':'x'}");
    }

    @Test
    void queryMustBeAMap() {
        assertTrue(invalid("[]").getMessage().contains("query"));
    }

    @Test
    void invalidPredicateMakesTheQueryInvalid() {
        assertTrue(invalid("{'predicate':{'op':'nope'}}").getMessage().contains("'nope'"));
    }

    @Test
    void nonStringCursorIsRejected() {
        assertTrue(invalid("{'cursor':5}").getMessage().contains("cursor"));
    }

    @Test
    void fieldsMustBeStrings() {
        assertThrows(InvalidQueryException.class, () -> Query.parse(Json.value("{}"), Json.value("['a', 3]"), CURSORS));
        assertThrows(InvalidQueryException.class, () -> Query.parse(Json.value("{}"), Json.value("'a'"), CURSORS));
        assertThrows(InvalidQueryException.class, () -> Query.parse(Json.value("{}"), Arrays.asList("a", null), CURSORS));
    }

    @Test
    void fieldsProjectTopLevelFieldsOfMapValues() throws Exception {
        Query q = Query.parse(Json.value("{}"), Json.value("['name','age']"), CURSORS);
        assertEquals(Json.value("{'name':'A','age':1}"), q.project(Json.value("{'name':'A','x':2,'age':1}")));
        assertEquals(Json.value("'scalar'"), q.project(Json.value("'scalar'")));
    }

    @Test
    void noFieldsMeansWholeValues() throws Exception {
        Query q = Query.parse(Json.value("{}"), Json.value("null"), CURSORS);
        assertNull(q.fields());
        assertEquals(Json.value("{'a':1}"), q.project(Json.value("{'a':1}")));
    }

    @Test
    void aGroupByMakesAGroupedQueryAndAggregationsAloneAreIgnored() throws Exception {
        assertNotNull(query("{'groupBy':['category']}").grouping());
        assertNull(query("{}").grouping());
        assertNull(query("{'groupBy':[]}").grouping());
        assertNull(query("{'aggregations':[{'func':'sum','field':'n'}]}").grouping());
    }

    @Test
    void malformedGroupingsAreRefusedByName() {
        assertInvalid("{'groupBy':'category'}", "groupBy");
        assertInvalid("{'groupBy':[1]}", "groupBy");
        assertInvalid("{'groupBy':['c'],'aggregations':[{'func':'median','field':'n'}]}", "aggregations[0].func");
        assertInvalid("{'groupBy':['c'],'aggregations':[{'func':'sum','field':3}]}", "aggregations[0].field");
        assertInvalid("{'groupBy':['c'],'aggregations':{'func':'sum'}}", "aggregations");
    }

    private static void assertInvalid(String queryJson, String named) {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> query(queryJson));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
