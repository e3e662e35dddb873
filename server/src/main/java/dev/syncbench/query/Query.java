package dev.syncbench.query;

import dev.syncbench.crdt.Utf8Order;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A parsed, validated, immutable query: {@code {where?, predicate?, sort?, limit?, cursor?, groupBy?,
 * aggregations?}} plus the QUERY_SUB {@code fields} projection. Parsing does all the work once, so
 * {@link #matches} and ordering are cheap enough to run on every write of a watched map.
 *
 * <p>When both {@code where} and {@code predicate} are given, a record must satisfy both. (TopGun's
 * server lets one or the other win depending on the code path; one rule for snapshot and live
 * updates keeps them consistent.)
 */
public final class Query {
    /** TopGun's max_query_records: no snapshot or live window holds more rows than this. */
    public static final int MAX_ROWS = 10_000;

    private record WhereClause(String field, Value expected) {
    }

    private final List<WhereClause> where;
    private final Predicate predicate;
    private final List<SortField> sort;
    private final List<List<String>> sortPaths;
    private final Integer limit;
    private final String cursor;
    private final List<String> fields;
    /** The groupBy and aggregations, or null for a plain query. */
    private final Grouping grouping;
    private final byte[] fingerprint;
    private final CursorCodec cursors;
    private final Comparator<SortPosition> order;

    private Query(List<WhereClause> where, Predicate predicate, List<SortField> sort, Integer limit, String cursor,
                  List<String> fields, Grouping grouping, byte[] fingerprint, CursorCodec cursors) {
        this.where = where;
        this.predicate = predicate;
        this.sort = sort;
        this.sortPaths = sort.stream().map(SortField::path).toList();
        this.limit = limit;
        this.cursor = cursor;
        this.fields = fields;
        this.grouping = grouping;
        this.fingerprint = fingerprint;
        this.cursors = cursors;
        this.order = buildOrder(sort);
    }

    /**
     * Parses a QUERY_SUB {@code query} map.
     *
     * @param fields the projection, or null for whole values (an empty list also means whole values)
     * @param cursors signs and checks cursors; one codec is shared by the whole server
     */
    public static Query parse(Value query, List<String> fields, CursorCodec cursors) throws InvalidQueryException {
        Objects.requireNonNull(cursors, "cursors");
        if (query == null || !query.isMapValue()) {
            throw new InvalidQueryException("query must be a map");
        }
        if (fields != null) {
            for (String field : fields) {
                if (field == null) {
                    throw new InvalidQueryException("fields must be strings");
                }
            }
        }
        Value whereValue = present(Values.field(query, "where"));
        Value predicateValue = present(Values.field(query, "predicate"));
        Value sortValue = present(Values.field(query, "sort"));
        List<WhereClause> where = parseWhere(whereValue);
        Predicate predicate = predicateValue == null ? null : Predicate.parse(predicateValue);
        List<SortField> sort = parseSort(sortValue);
        Integer limit = parseLimit(present(Values.field(query, "limit")));
        String cursor = parseCursor(present(Values.field(query, "cursor")));
        Value groupByValue = present(Values.field(query, "groupBy"));
        Value aggregationsValue = present(Values.field(query, "aggregations"));
        Grouping grouping = Grouping.parse(groupByValue, aggregationsValue);
        List<String> projection = fields == null || fields.isEmpty() ? null : List.copyOf(fields);
        // a cursor names a row of one shape: a group row's cursor must not page a plain query, or another grouping
        byte[] fingerprint = grouping == null
                ? fingerprint(whereValue, predicateValue, sortValue)
                : fingerprint(whereValue, predicateValue, sortValue, groupByValue, aggregationsValue);
        return new Query(where, predicate, sort, limit, cursor, projection, grouping, fingerprint, cursors);
    }

    /** Parses a query whose {@code fields} is still the raw QUERY_SUB value (nil/absent, or an array of strings). */
    public static Query parse(Value query, Value fields, CursorCodec cursors) throws InvalidQueryException {
        return parse(query, fieldsOf(fields), cursors);
    }

    /** The projection list of a raw {@code fields} value; null when absent or nil. */
    public static List<String> fieldsOf(Value fields) throws InvalidQueryException {
        if (present(fields) == null) {
            return null;
        }
        if (!fields.isArrayValue()) {
            throw new InvalidQueryException("fields must be an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (Value name : fields.asArrayValue()) {
            if (!name.isStringValue()) {
                throw new InvalidQueryException("fields must be an array of strings, got " + name.toJson());
            }
            names.add(name.asStringValue().toString());
        }
        return names;
    }

    /** True when the record value passes where and predicate; a removed record (null) never does. */
    public boolean matches(Value value) {
        if (value == null) {
            return false;
        }
        for (WhereClause clause : where) {
            Value field = Values.field(value, clause.field());
            // Literal comparison: {"$gt": 18} is a value like any other, never an operator.
            if (Values.isMissing(field) || !Values.equal(field, clause.expected())) {
                return false;
            }
        }
        return predicate == null || predicate.test(value);
    }

    /** True with both sort and limit: the only queries that get a nextCursor and a live top-N window. */
    public boolean hasWindow() {
        return !sort.isEmpty() && limit != null;
    }

    public List<SortField> sort() {
        return sort;
    }

    /** The requested limit, or null. */
    public Integer limit() {
        return limit;
    }

    /** The request's cursor, or null. */
    public String cursor() {
        return cursor;
    }

    /** The projection, or null for whole values. */
    public List<String> fields() {
        return fields;
    }

    /** The query's groupBy and aggregations; null for a plain query, whose rows are records. */
    Grouping grouping() {
        return grouping;
    }

    /**
     * The query a grouped query's group rows are kept by: no filter (the records were filtered
     * before grouping), the same sort, limit, cursor and projection, which TopGun applies to the rows.
     */
    Query groupRows() {
        return new Query(List.of(), null, sort, limit, cursor, fields, null, fingerprint, cursors);
    }

    /** The value as the client should see it: only the listed top-level fields of a map. */
    public Value project(Value value) {
        if (fields == null || value == null || !value.isMapValue()) {
            return value;
        }
        Value[] keysAndValues = value.asMapValue().getKeyValueArray();
        List<Value> kept = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Value key = keysAndValues[i];
            if (key.isStringValue() && fields.contains(key.asStringValue().toString())) {
                kept.add(key);
                kept.add(keysAndValues[i + 1]);
            }
        }
        return ValueFactory.newMap(kept.toArray(new Value[0]));
    }

    /** How many rows a snapshot returns and a live window holds. */
    int windowSize() {
        return limit == null ? MAX_ROWS : Math.min(limit, MAX_ROWS);
    }

    SortPosition position(String key, Value value) {
        List<Value> sortValues = new ArrayList<>(sortPaths.size());
        for (List<String> path : sortPaths) {
            Value field = Values.at(value, path);
            sortValues.add(field == null ? ValueFactory.newNil() : field);
        }
        return new SortPosition(List.copyOf(sortValues), key);
    }

    Comparator<SortPosition> order() {
        return order;
    }

    /** Identifies what the query selects and how it orders, so a cursor cannot be replayed on another query. */
    byte[] fingerprint() {
        return fingerprint.clone();
    }

    CursorCodec cursors() {
        return cursors;
    }

    /** Sort fields in turn (a missing or nil value sorts last in either direction), then the key ascending. */
    private static Comparator<SortPosition> buildOrder(List<SortField> sort) {
        return (a, b) -> {
            for (int i = 0; i < sort.size(); i++) {
                Value x = a.sortValues().get(i);
                Value y = b.sortValues().get(i);
                boolean xMissing = Values.isMissing(x);
                boolean yMissing = Values.isMissing(y);
                int c;
                if (xMissing || yMissing) {
                    c = Boolean.compare(xMissing, yMissing);
                } else {
                    c = Values.compareForSort(x, y);
                    if (sort.get(i).descending()) {
                        c = -c;
                    }
                }
                if (c != 0) {
                    return c;
                }
            }
            return Utf8Order.compare(a.key(), b.key());
        };
    }

    private static Value present(Value value) {
        return value == null || value.isNilValue() ? null : value;
    }

    private static List<WhereClause> parseWhere(Value where) throws InvalidQueryException {
        if (where == null) {
            return List.of();
        }
        if (!where.isMapValue()) {
            throw new InvalidQueryException("where must be a map of field to value");
        }
        List<WhereClause> clauses = new ArrayList<>();
        Value[] keysAndValues = where.asMapValue().getKeyValueArray();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!keysAndValues[i].isStringValue()) {
                throw new InvalidQueryException("where field names must be strings");
            }
            clauses.add(new WhereClause(keysAndValues[i].asStringValue().toString(), keysAndValues[i + 1]));
        }
        return List.copyOf(clauses);
    }

    private static List<SortField> parseSort(Value sort) throws InvalidQueryException {
        if (sort == null) {
            return List.of();
        }
        if (!sort.isArrayValue()) {
            throw new InvalidQueryException("sort must be an array of {field, direction}");
        }
        List<SortField> fields = new ArrayList<>();
        int i = 0;
        for (Value element : sort.asArrayValue()) {
            Value field = Values.field(element, "field");
            if (field == null || !field.isStringValue() || field.asStringValue().toString().isEmpty()) {
                throw new InvalidQueryException("sort[" + i + "] needs a field");
            }
            Value direction = present(Values.field(element, "direction"));
            boolean descending = false;
            if (direction != null) {
                String name = direction.isStringValue() ? direction.asStringValue().toString().toLowerCase(Locale.ROOT) : "";
                if (!name.equals("asc") && !name.equals("desc")) {
                    throw new InvalidQueryException("sort[" + i + "].direction must be asc or desc, got " + direction.toJson());
                }
                descending = name.equals("desc");
            }
            fields.add(new SortField(field.asStringValue().toString(), descending));
            i++;
        }
        return List.copyOf(fields);
    }

    /** A positive whole number; clients may send it as any integer width or a whole-valued float. */
    private static Integer parseLimit(Value limit) throws InvalidQueryException {
        if (limit == null) {
            return null;
        }
        long n;
        if (limit.isIntegerValue() && limit.asIntegerValue().isInLongRange()) {
            n = limit.asIntegerValue().toLong();
        } else if (limit.isIntegerValue()) {
            n = Long.MAX_VALUE;
        } else if (limit.isFloatValue() && isWhole(limit.asFloatValue().toDouble())) {
            n = (long) limit.asFloatValue().toDouble();
        } else {
            throw new InvalidQueryException("limit must be a positive integer, got " + limit.toJson());
        }
        if (n < 1) {
            throw new InvalidQueryException("limit must be a positive integer, got " + limit.toJson());
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static boolean isWhole(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String parseCursor(Value cursor) throws InvalidQueryException {
        if (cursor == null) {
            return null;
        }
        if (!cursor.isStringValue()) {
            throw new InvalidQueryException("cursor must be a string");
        }
        return cursor.asStringValue().toString();
    }

    private static byte[] fingerprint(Value... parts) {
        Value[] present = new Value[parts.length];
        for (int i = 0; i < parts.length; i++) {
            present[i] = orNil(parts[i]);
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packValue(ValueFactory.newArray(present));
            return MessageDigest.getInstance("SHA-256").digest(packer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Value orNil(Value value) {
        return value == null ? ValueFactory.newNil() : value;
    }
}
