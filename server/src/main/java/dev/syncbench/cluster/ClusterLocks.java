package dev.syncbench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.map.IMap;
import dev.syncbench.service.LockBackend;
import dev.syncbench.service.LockTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster mode's {@link LockBackend}: one lease table for the cluster, a Hazelcast map of
 * {@link LockEntry} by lock name, changed only by {@link LockProcessor}s on the name's owner and
 * backed up synchronously, so a grant survives its owner's loss and tokens keep increasing. A
 * holder is a connection of a member. A connection that closes releases its leases; when a member
 * leaves (crash or shutdown), the oldest member left releases every lease its connections held.
 * An owner that does not answer within 15 s counts as a busy lock (the client retries).
 *
 * <p>Not Hazelcast's FencedLock: it needs a CP subsystem of at least three members, and its owner
 * is a thread of a member, not one of our connections, which move between virtual threads.
 */
final class ClusterLocks implements LockBackend, MembershipListener {
    private static final Logger LOG = Logger.getLogger(ClusterLocks.class.getName());
    private static final long CONFIRM_TIMEOUT_MS = 15_000;

    private final IMap<String, LockEntry> locks;
    private final String localMember;
    /** Names each local connection was granted, so a disconnect finds its leases without a scan. */
    private final ConcurrentHashMap<Long, Set<String>> namesBySession = new ConcurrentHashMap<>();

    ClusterLocks(IMap<String, LockEntry> locks, String localMember) {
        this.locks = locks;
        this.localMember = localMember;
    }

    @Override
    public long acquire(String name, long sessionId, Long ttlMillis) {
        Long token = call(name, LockProcessor.acquire(localMember, sessionId, ttlMillis));
        if (token == null || token == LockEntry.BUSY) {
            return LockTable.BUSY;
        }
        namesBySession.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(name);
        return token;
    }

    @Override
    public boolean release(String name, long fencingToken, long sessionId) {
        Long released = call(name, LockProcessor.release(fencingToken));
        if (released != null && released == 1) {
            namesBySession.computeIfPresent(sessionId, (id, names) -> {
                names.remove(name);
                return names.isEmpty() ? null : names;
            });
            return true;
        }
        return false;
    }

    @Override
    public void releaseAll(long sessionId) {
        Set<String> names = namesBySession.remove(sessionId);
        if (names == null) {
            return;
        }
        List<CompletableFuture<Long>> sent = new ArrayList<>(names.size());
        for (String name : names) {
            sent.add(submit(name, LockProcessor.releaseSession(localMember, sessionId)));
        }
        for (CompletableFuture<Long> answer : sent) {
            await(answer, "releasing a closed connection's lock");
        }
    }

    /** A member left: the oldest member still in the cluster frees its leases (each member is told; one acts). */
    @Override
    public void memberRemoved(MembershipEvent event) {
        Set<Member> left = event.getMembers(); // oldest first
        if (left.isEmpty() || !left.iterator().next().localMember()) {
            return;
        }
        String gone = event.getMember().getUuid().toString();
        // Off Hazelcast's event thread: the call waits for every partition, some of them migrating.
        Thread.ofVirtual().name("locks-of-" + gone).start(() -> {
            try {
                locks.executeOnEntries(LockProcessor.releaseMember(gone));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not free the locks of member " + gone + "; their ttl still ends them", e);
            }
        });
    }

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    private Long call(String name, LockProcessor processor) {
        return await(submit(name, processor), "lock '" + name + "'");
    }

    /** A member shutting down refuses calls at once rather than failing their futures. */
    private CompletableFuture<Long> submit(String name, LockProcessor processor) {
        try {
            return locks.submitToKey(name, processor).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Long await(CompletableFuture<Long> answer, String what) {
        try {
            return answer.get(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "the cluster did not answer for " + what, e);
            return null;
        }
    }
}
