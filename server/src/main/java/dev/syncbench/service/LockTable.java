package dev.syncbench.service;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lease table behind LOCK_REQUEST / LOCK_RELEASE (PROTOCOL §8, reference §9.2), free of any
 * wire types. Each name keeps its last fencing token for as long as the server runs, so tokens
 * keep increasing across releases and expiries. Expired leases count as free; nobody is told.
 * Safe for concurrent use: a name's state, and its entry in the owner index, change atomically.
 */
public final class LockTable {
    /** What {@link #acquire} returns when the lock is held by another live lease. */
    public static final long BUSY = -1;
    private static final long NEVER = Long.MAX_VALUE;

    private final ConcurrentHashMap<String, LockState> locks = new ConcurrentHashMap<>();
    /** Names each owner holds, so a disconnect finds its locks without scanning every lock. */
    private final ConcurrentHashMap<Long, Set<String>> namesByOwner = new ConcurrentHashMap<>();

    /** A name's last issued token and its current lease (null when free). */
    private record LockState(long lastToken, Lease lease) {
        boolean heldAt(long nowMillis) {
            return lease != null && lease.expiresAtMillis > nowMillis;
        }
    }

    private record Lease(long ownerId, long token, long expiresAtMillis) {
    }

    /**
     * Grants the lock to {@code ownerId} and returns its fencing token, or {@link #BUSY}. A holder
     * asking again keeps its token and gets a fresh lease. {@code ttlMillis} null means no expiry;
     * otherwise it must be positive.
     */
    public long acquire(String name, long ownerId, Long ttlMillis, long nowMillis) {
        if (ttlMillis != null && ttlMillis <= 0) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttlMillis);
        }
        long expiresAt = ttlMillis == null ? NEVER : saturatedAdd(nowMillis, ttlMillis);
        long[] granted = {BUSY};
        locks.compute(name, (n, state) -> {
            long lastToken = state == null ? 0 : state.lastToken;
            if (state != null && state.heldAt(nowMillis)) {
                if (state.lease.ownerId != ownerId) {
                    return state;
                }
                granted[0] = state.lease.token;
                return new LockState(lastToken, new Lease(ownerId, state.lease.token, expiresAt));
            }
            if (state != null && state.lease != null) {
                forget(state.lease.ownerId, name);
            }
            granted[0] = lastToken + 1;
            remember(ownerId, name);
            return new LockState(granted[0], new Lease(ownerId, granted[0], expiresAt));
        });
        return granted[0];
    }

    /** Releases the lock when {@code fencingToken} is the current live holder's; says whether it did. */
    public boolean release(String name, long fencingToken, long nowMillis) {
        boolean[] released = {false};
        locks.computeIfPresent(name, (n, state) -> {
            if (state.heldAt(nowMillis) && state.lease.token == fencingToken) {
                forget(state.lease.ownerId, name);
                released[0] = true;
                return new LockState(state.lastToken, null);
            }
            return state;
        });
        return released[0];
    }

    /** Releases every lock {@code ownerId} holds; for a closed connection. */
    public void releaseAll(long ownerId) {
        Set<String> names = namesByOwner.remove(ownerId);
        if (names == null) {
            return;
        }
        for (String name : names) {
            locks.computeIfPresent(name, (n, state) ->
                    state.lease != null && state.lease.ownerId == ownerId ? new LockState(state.lastToken, null) : state);
        }
    }

    /** The live holder's token, empty when the lock is free. */
    public OptionalLong holderToken(String name, long nowMillis) {
        LockState state = locks.get(name);
        return state != null && state.heldAt(nowMillis) ? OptionalLong.of(state.lease.token) : OptionalLong.empty();
    }

    /** How many names an owner's index lists; lets tests check that released locks are not kept. */
    int indexedNames(long ownerId) {
        Set<String> names = namesByOwner.get(ownerId);
        return names == null ? 0 : names.size();
    }

    private void remember(long ownerId, String name) {
        namesByOwner.compute(ownerId, (id, names) -> {
            Set<String> set = names == null ? ConcurrentHashMap.newKeySet() : names;
            set.add(name);
            return set;
        });
    }

    private void forget(long ownerId, String name) {
        namesByOwner.computeIfPresent(ownerId, (id, names) -> {
            names.remove(name);
            return names.isEmpty() ? null : names;
        });
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
    }
}
