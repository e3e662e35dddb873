package dev.syncbench.service;

import dev.syncbench.protocol.LockGranted;
import dev.syncbench.protocol.LockRelease;
import dev.syncbench.protocol.LockReleased;
import dev.syncbench.protocol.LockRequest;
import java.util.function.LongSupplier;

/**
 * Distributed locks with fencing tokens (PROTOCOL §8, reference §9.2). Every request gets exactly
 * one answer; requests are never queued, so a client whose lock is busy retries.
 */
public final class LockService {
    private final LockTable table = new LockTable();
    private final LongSupplier clock;

    /** {@code clock} gives wall-clock milliseconds; leases expire by it. */
    public LockService(LongSupplier clock) {
        this.clock = clock;
    }

    public void request(ClientSession session, LockRequest request) {
        Long ttl = request.ttl();
        // An invalid name or a zero ttl is refused the way a busy lock is, as TopGun answers it.
        if (!ResourceName.isValid(request.name()) || (ttl != null && ttl <= 0)) {
            session.send(new LockReleased(request.requestId(), request.name(), false));
            return;
        }
        long token = table.acquire(request.name(), session.id(), ttl, clock.getAsLong());
        if (token == LockTable.BUSY) {
            session.send(new LockReleased(request.requestId(), request.name(), false));
        } else {
            session.send(new LockGranted(request.requestId(), request.name(), token));
        }
    }

    public void release(ClientSession session, LockRelease release) {
        boolean released = table.release(release.name(), release.fencingToken(), clock.getAsLong());
        String requestId = release.requestId() == null ? "" : release.requestId();
        session.send(new LockReleased(requestId, release.name(), released));
    }

    /** Frees every lock the closed connection held. */
    public void disconnected(ClientSession session) {
        table.releaseAll(session.id());
    }
}
