package dev.syncbench.service;

import dev.syncbench.protocol.LockGranted;
import dev.syncbench.protocol.LockRelease;
import dev.syncbench.protocol.LockReleased;
import dev.syncbench.protocol.LockRequest;
import java.util.function.LongSupplier;

/**
 * Distributed locks with fencing tokens (PROTOCOL §8, reference §9.2). Every request gets exactly
 * one answer; requests are never queued, so a client whose lock is busy retries. The leases live
 * in this server's {@link LockTable}, or in cluster mode in the cluster's ({@link #setBackend}).
 */
public final class LockService {
    private volatile LockBackend backend;

    /** {@code clock} gives wall-clock milliseconds; leases expire by it. */
    public LockService(LongSupplier clock) {
        this.backend = new LocalLocks(new LockTable(), clock);
    }

    /** Cluster mode: from now on leases are the cluster's. */
    public void setBackend(LockBackend backend) {
        this.backend = backend;
    }

    /** A single node's leases, expiring by its clock. */
    private record LocalLocks(LockTable table, LongSupplier clock) implements LockBackend {
        @Override
        public long acquire(String name, long sessionId, Long ttlMillis) {
            return table.acquire(name, sessionId, ttlMillis, clock.getAsLong());
        }

        @Override
        public boolean release(String name, long fencingToken, long sessionId) {
            return table.release(name, fencingToken, clock.getAsLong());
        }

        @Override
        public void releaseAll(long sessionId) {
            table.releaseAll(sessionId);
        }
    }

    public void request(ClientSession session, LockRequest request) {
        Long ttl = request.ttl();
        // An invalid name or a zero ttl is refused the way a busy lock is, as TopGun answers it.
        if (!ResourceName.isValid(request.name()) || (ttl != null && ttl <= 0)) {
            session.send(new LockReleased(request.requestId(), request.name(), false));
            return;
        }
        long token = backend.acquire(request.name(), session.id(), ttl);
        if (token == LockTable.BUSY) {
            session.send(new LockReleased(request.requestId(), request.name(), false));
        } else {
            session.send(new LockGranted(request.requestId(), request.name(), token));
        }
    }

    public void release(ClientSession session, LockRelease release) {
        boolean released = backend.release(release.name(), release.fencingToken(), session.id());
        String requestId = release.requestId() == null ? "" : release.requestId();
        session.send(new LockReleased(requestId, release.name(), released));
    }

    /** Frees every lock the closed connection held. */
    public void disconnected(ClientSession session) {
        backend.releaseAll(session.id());
    }
}
