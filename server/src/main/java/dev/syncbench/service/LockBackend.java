package dev.syncbench.service;

/**
 * Where LOCK_REQUEST / LOCK_RELEASE leases live: this server's {@link LockTable} on a single node;
 * in cluster mode one table for the whole cluster, so a name has one holder and one sequence of
 * fencing tokens whichever member a client is on.
 */
public interface LockBackend {
    /** Grants nothing: a clustered server's locks until it has joined, since its own table is not the cluster's. */
    LockBackend REFUSING = new LockBackend() {
        @Override
        public long acquire(String name, long sessionId, Long ttlMillis) {
            return LockTable.BUSY;
        }

        @Override
        public boolean release(String name, long fencingToken, long sessionId) {
            return false;
        }

        @Override
        public void releaseAll(long sessionId) {
        }
    };

    /** The fencing token granted to the session, or {@link LockTable#BUSY}; {@code ttlMillis} null or positive. */
    long acquire(String name, long sessionId, Long ttlMillis);

    /** Releases the lock when {@code fencingToken} is its live holder's (whoever asks); says whether it did. */
    boolean release(String name, long fencingToken, long sessionId);

    /** Releases every lock the session holds; for a closed connection. */
    void releaseAll(long sessionId);
}
