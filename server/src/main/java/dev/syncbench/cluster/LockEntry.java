package dev.syncbench.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * One lock name in the cluster's lock map: the last fencing token issued for it and its current
 * lease, if any, held by one connection of one member. The rules are a single node's
 * ({@code LockTable}): tokens increase by one per grant and never go back, a holder asking again
 * keeps its token with a fresh lease, an expired lease counts as free. Entries are kept for as
 * long as the cluster runs, so tokens keep increasing across releases. Immutable: each change
 * returns a new entry.
 */
final class LockEntry implements IdentifiedDataSerializable {
    static final long BUSY = -1;
    static final long NEVER = Long.MAX_VALUE;

    private long lastToken;
    /** The holding member's Hazelcast uuid; null when free. */
    private String holderMember;
    private long holderSession;
    private long expiresAtMillis;

    LockEntry() {
    }

    private LockEntry(long lastToken, String holderMember, long holderSession, long expiresAtMillis) {
        this.lastToken = lastToken;
        this.holderMember = holderMember;
        this.holderSession = holderSession;
        this.expiresAtMillis = expiresAtMillis;
    }

    static final LockEntry NEW = new LockEntry(0, null, 0, 0);

    /** The entry after a grant, and the token granted ({@link #BUSY} and this entry when held by another). */
    record Grant(LockEntry entry, long token) {
    }

    boolean heldAt(long nowMillis) {
        return holderMember != null && expiresAtMillis > nowMillis;
    }

    long lastToken() {
        return lastToken;
    }

    Grant acquire(String member, long session, Long ttlMillis, long nowMillis) {
        long expiresAt = ttlMillis == null ? NEVER : saturatedAdd(nowMillis, ttlMillis);
        if (heldAt(nowMillis)) {
            if (!isHeldBy(member, session)) {
                return new Grant(this, BUSY);
            }
            return new Grant(new LockEntry(lastToken, member, session, expiresAt), lastToken);
        }
        long token = lastToken + 1;
        return new Grant(new LockEntry(token, member, session, expiresAt), token);
    }

    /** Free when {@code token} is the live holder's; else this entry. The live lease's token is always the last one. */
    LockEntry release(long token, long nowMillis) {
        return heldAt(nowMillis) && token == lastToken ? free() : this;
    }

    /** Free when the connection holds it (live or expired); else this entry. */
    LockEntry releaseSession(String member, long session) {
        return isHeldBy(member, session) ? free() : this;
    }

    /** Free when any connection of the member holds it; else this entry. */
    LockEntry releaseMember(String member) {
        return member.equals(holderMember) ? free() : this;
    }

    private boolean isHeldBy(String member, long session) {
        return member.equals(holderMember) && holderSession == session;
    }

    private LockEntry free() {
        return new LockEntry(lastToken, null, 0, 0);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockEntry other && lastToken == other.lastToken && holderSession == other.holderSession
                && expiresAtMillis == other.expiresAtMillis && java.util.Objects.equals(holderMember, other.holderMember);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastToken) * 31 + Long.hashCode(expiresAtMillis);
    }

    @Override
    public String toString() {
        return holderMember == null ? "free after " + lastToken
                : "token " + lastToken + " held by " + holderMember + "/" + holderSession + " until " + expiresAtMillis;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.LOCK_ENTRY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(lastToken);
        out.writeString(holderMember);
        out.writeLong(holderSession);
        out.writeLong(expiresAtMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        lastToken = in.readLong();
        holderMember = in.readString();
        holderSession = in.readLong();
        expiresAtMillis = in.readLong();
    }
}
