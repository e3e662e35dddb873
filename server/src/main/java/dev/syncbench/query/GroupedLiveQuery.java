package dev.syncbench.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.msgpack.value.Value;

/**
 * The live state of a {@code groupBy} query: which group each matching record is in and what it
 * adds to that group's aggregates, and the group rows the client holds. The rows are kept by a
 * {@link LiveQuery} over the groups (the query's sort, limit, cursor and projection applied to group
 * rows, no filter), so a grouped result has the same window rules as a plain one, keyed by
 * {@code __key}.
 *
 * <p>A write changes at most two groups, the one its record leaves and the one it enters; each gets
 * one update, in that order, and only if its row changed: UPDATE while the group stays, LEAVE when
 * its last record left, ENTER when it is new (or, with sort and limit, as its row moves in and out of
 * the window). Each write costs O(log n) in the records and groups tracked.
 */
final class GroupedLiveQuery implements LiveView {

    /** A matching record: its group, what it adds there, and when it expires. */
    private record Member(GroupAggregate group, Value[] numbers, long expiresAtMillis) {
    }

    private record Expiry(long atMillis, String key) {
        static final Comparator<Expiry> ORDER = Comparator.comparingLong(Expiry::atMillis).thenComparing(Expiry::key);
    }

    private final Query query;
    private final Grouping grouping;
    private final LiveQuery rows;
    private final Map<String, Member> members = new HashMap<>();
    private final Map<String, GroupAggregate> groups = new HashMap<>();
    private final TreeSet<Expiry> expiries = new TreeSet<>(Expiry.ORDER);

    GroupedLiveQuery(Query query) {
        this.query = query;
        this.grouping = query.grouping();
        this.rows = new LiveQuery(query.groupRows());
    }

    @Override
    public void beginSnapshot() {
        members.clear();
        groups.clear();
        expiries.clear();
    }

    @Override
    public void offer(LiveRecord record) {
        if (record.value() != null) {
            leave(record.key());
            enter(record.key(), record.value(), record.expiresAtMillis());
        }
    }

    @Override
    public Snapshot finishSnapshot() {
        rows.beginSnapshot();
        // a record offered twice may have left a group empty
        groups.values().removeIf(GroupAggregate::isEmpty);
        for (GroupAggregate group : groups.values()) {
            Value row = group.row(grouping);
            group.changedTo(row);
            rows.offer(new LiveRecord(group.key(), row, LiveRecord.NEVER));
        }
        return rows.finishSnapshot();
    }

    @Override
    public Snapshot currentSnapshot() {
        return rows.currentSnapshot();
    }

    @Override
    public List<Change> apply(String key, Value value, long expiresAtMillis) {
        GroupAggregate left = leave(key);
        GroupAggregate entered = value == null ? null : enter(key, value, expiresAtMillis);
        List<Change> changes = new ArrayList<>(2);
        if (left != null && left != entered) {
            changes.addAll(refresh(left));
        }
        if (entered != null) {
            changes.addAll(refresh(entered));
        }
        return changes;
    }

    @Override
    public List<Change> expire(long nowMillis) {
        List<Change> changes = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.first().atMillis() < nowMillis) {
            changes.addAll(apply(expiries.first().key(), null, LiveRecord.NEVER));
        }
        return changes;
    }

    @Override
    public long nextExpiry() {
        return expiries.isEmpty() ? LiveRecord.NEVER : expiries.first().atMillis();
    }

    @Override
    public boolean updatesWriter() {
        return true;
    }

    /** The group's row moved to the client's window, if it changed; a group left empty is dropped. */
    private List<Change> refresh(GroupAggregate group) {
        if (group.isEmpty()) {
            groups.remove(group.key(), group);
            return rows.apply(group.key(), null, LiveRecord.NEVER);
        }
        Value row = group.row(grouping);
        return group.changedTo(row) ? rows.apply(group.key(), row, LiveRecord.NEVER) : List.of();
    }

    /** Puts a record that matches the query into its group; returns the group, or null when it does not match. */
    private GroupAggregate enter(String key, Value value, long expiresAtMillis) {
        if (!query.matches(value)) {
            return null;
        }
        String groupKey = grouping.groupKey(value);
        GroupAggregate group = groups.computeIfAbsent(groupKey,
                k -> new GroupAggregate(k, grouping.columns(value), grouping.aggregatedFields().size()));
        Value[] numbers = grouping.numbers(value);
        group.add(numbers);
        members.put(key, new Member(group, numbers, expiresAtMillis));
        if (expiresAtMillis != LiveRecord.NEVER) {
            expiries.add(new Expiry(expiresAtMillis, key));
        }
        return group;
    }

    /** Takes a record out of its group; returns the group it was in, or null. */
    private GroupAggregate leave(String key) {
        Member member = members.remove(key);
        if (member == null) {
            return null;
        }
        member.group().remove(member.numbers());
        if (member.expiresAtMillis() != LiveRecord.NEVER) {
            expiries.remove(new Expiry(member.expiresAtMillis(), key));
        }
        return member.group();
    }
}
