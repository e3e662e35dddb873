package dev.syncbench.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the changed entries of many requests as one group: requests queue their keys and wait;
 * one platform thread takes everything queued, writes the current state of each key once, and
 * wakes them all. Under load a group holds the requests of many connections, so a sync (fsync)
 * or a database round trip is paid once per group, not per request, and no partition lock is
 * held meanwhile. The writer reads each key's state when it writes it, so a group never puts an
 * older state over a newer one, whatever order requests queue in.
 *
 * <p>When a write fails, its keys stay in a backlog, every request of the group fails, and new
 * persists are refused until a retry (with back-off) writes the backlog: what is in memory then
 * reaches the log after all.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    private final DurableLog log;
    private final Function<Collection<StoreKey>, List<StoredChange>> changesOf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    /** Guarded by lock. */
    private List<Pending> queue = new ArrayList<>();
    /** Guarded by lock. */
    private boolean closing;
    /** Keys whose state failed to reach the log; writer thread only. */
    private final Set<StoreKey> backlog = new LinkedHashSet<>();
    /** Why the log takes no writes, or null while it does. */
    private volatile String failure;
    private final Thread writer;

    private record Pending(Collection<StoreKey> keys, CompletableFuture<Void> done) {
    }

    /** {@code changesOf} gives the changes that store the keys' state as it is now (a null state deletes). */
    GroupCommitter(DurableLog log, Function<Collection<StoreKey>, List<StoredChange>> changesOf) {
        this.log = log;
        this.changesOf = changesOf;
        this.writer = Thread.ofPlatform().name("store-writer").daemon().start(this::run);
    }

    /** Blocks until the keys' current state is in the log; see {@link RecordStore#persist}. */
    void persist(Collection<StoreKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        String down = failure;
        if (down != null) {
            throw new StoreUnavailableException(down);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                throw new StoreUnavailableException("storage is closing: the server is shutting down");
            }
            queue.add(new Pending(keys, done));
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StoreUnavailableException unavailable
                    ? new StoreUnavailableException(unavailable.getMessage()) : e;
        }
    }

    /** Null while writes are taken, else why not. */
    String failure() {
        return failure;
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (true) {
            List<Pending> group = nextGroup(retryMillis);
            if (group == null) {
                return;
            }
            Set<StoreKey> keys = new LinkedHashSet<>(backlog);
            for (Pending pending : group) {
                keys.addAll(pending.keys());
            }
            boolean written = write(keys);
            if (written) {
                retryMillis = FIRST_RETRY_MILLIS;
                for (Pending pending : group) {
                    pending.done().complete(null);
                }
            } else {
                retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
                StoreUnavailableException refused = new StoreUnavailableException(failure);
                for (Pending pending : group) {
                    pending.done().completeExceptionally(refused);
                }
                if (isClosing()) {
                    LOG.severe(() -> "storage closed with " + backlog.size()
                            + " changed entries not written (none of them was acknowledged): " + failure);
                    return;
                }
            }
        }
    }

    /** Waits for queued requests, or for the retry delay while a backlog waits; null once closed and done. */
    private List<Pending> nextGroup(long retryMillis) {
        lock.lock();
        try {
            if (backlog.isEmpty()) {
                while (queue.isEmpty() && !closing) {
                    queued.awaitUninterruptibly();
                }
            } else if (queue.isEmpty() && !closing) {
                queued.await(retryMillis, TimeUnit.MILLISECONDS);
            }
            if (queue.isEmpty() && backlog.isEmpty() && closing) {
                return null;
            }
            List<Pending> group = queue;
            queue = new ArrayList<>();
            return group;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private boolean write(Set<StoreKey> keys) {
        if (keys.isEmpty()) {
            return true;
        }
        try {
            List<StoredChange> changes = changesOf.apply(keys);
            if (failure != null) {
                log.recover();
            }
            log.write(changes);
        } catch (StoreWriteException | RuntimeException e) {
            backlog.addAll(keys);
            String reason = "storage unavailable (" + log.description() + "): " + e.getMessage();
            if (failure == null) {
                LOG.log(Level.SEVERE, reason + "; refusing writes until a retry succeeds", e);
            }
            failure = reason;
            return false;
        }
        backlog.clear();
        if (failure != null) {
            LOG.warning(() -> "storage is back (" + log.description() + "): the changes kept in memory are written, writes resume");
            failure = null;
        }
        return true;
    }

    private boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the writer; persists after this are refused. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
