package dev.syncbench.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * One change to a lock name, run by the owner of its partition, so the cluster has one order of
 * grants per name. Leases expire by the owner's clock. What the owner decided is what its backup
 * stores ({@link #getBackupProcessor}): the backup does not decide again by its own clock.
 * Answers the token granted (or {@link LockEntry#BUSY}) to ACQUIRE, 1 or 0 to RELEASE.
 */
final class LockProcessor implements EntryProcessor<String, LockEntry, Long>, IdentifiedDataSerializable {
    private static final byte ACQUIRE = 1;
    private static final byte RELEASE = 2;
    private static final byte RELEASE_SESSION = 3;
    private static final byte RELEASE_MEMBER = 4;
    private static final byte STORE = 5;
    private static final long NO_TTL = -1;

    private byte op;
    private String member;
    private long number;
    private long ttlMillis = NO_TTL;
    private LockEntry decided;

    LockProcessor() {
    }

    private LockProcessor(byte op, String member, long number, long ttlMillis, LockEntry decided) {
        this.op = op;
        this.member = member;
        this.number = number;
        this.ttlMillis = ttlMillis;
        this.decided = decided;
    }

    static LockProcessor acquire(String member, long session, Long ttlMillis) {
        return new LockProcessor(ACQUIRE, member, session, ttlMillis == null ? NO_TTL : ttlMillis, null);
    }

    static LockProcessor release(long token) {
        return new LockProcessor(RELEASE, null, token, NO_TTL, null);
    }

    static LockProcessor releaseSession(String member, long session) {
        return new LockProcessor(RELEASE_SESSION, member, session, NO_TTL, null);
    }

    /** For every entry at once, when a member left: deterministic, so backups run it themselves. */
    static LockProcessor releaseMember(String member) {
        return new LockProcessor(RELEASE_MEMBER, member, 0, NO_TTL, null);
    }

    @Override
    public Long process(Map.Entry<String, LockEntry> entry) {
        LockEntry current = entry.getValue();
        if (op == STORE) {
            entry.setValue(decided);
            return null;
        }
        if (current == null && op != ACQUIRE) {
            return 0L; // nothing was ever granted under this name: nothing to release, nothing to store
        }
        LockEntry before = current == null ? LockEntry.NEW : current;
        long now = System.currentTimeMillis();
        long answer;
        LockEntry after;
        switch (op) {
            case ACQUIRE -> {
                LockEntry.Grant grant = before.acquire(member, number, ttlMillis == NO_TTL ? null : ttlMillis, now);
                after = grant.entry();
                answer = grant.token();
            }
            case RELEASE -> {
                after = before.release(number, now);
                answer = after != before ? 1 : 0;
            }
            case RELEASE_SESSION -> {
                after = before.releaseSession(member, number);
                answer = after != before ? 1 : 0;
            }
            case RELEASE_MEMBER -> {
                after = before.releaseMember(member);
                answer = after != before ? 1 : 0;
            }
            default -> throw new IllegalArgumentException("unknown lock operation " + op);
        }
        if (after != before) {
            entry.setValue(after);
        }
        decided = after == before ? null : after;
        return answer;
    }

    @Override
    public EntryProcessor<String, LockEntry, Long> getBackupProcessor() {
        if (op == RELEASE_MEMBER) {
            return this;
        }
        // Called on the owner after process(): the backup stores what the owner decided, if anything changed.
        return decided == null ? null : new LockProcessor(STORE, null, 0, NO_TTL, decided);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.LOCK_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(op);
        out.writeString(member);
        out.writeLong(number);
        out.writeLong(ttlMillis);
        out.writeObject(decided);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        op = in.readByte();
        member = in.readString();
        number = in.readLong();
        ttlMillis = in.readLong();
        decided = in.readObject();
    }
}
