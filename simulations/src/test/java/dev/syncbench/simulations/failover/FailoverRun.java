package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.target.ClusterTarget;
import dev.syncbench.simulations.target.MerkleReadBack;
import dev.syncbench.simulations.target.PartitionOwners;
import dev.syncbench.simulations.target.StoreCheck;
import dev.syncbench.simulations.wire.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The failover's timeline, on a virtual thread of its own: the writers start; at {@code killAt} the
 * victim gets {@code kill -9} and a survivor is asked for its map until it lists the victim failed
 * with its partitions moved; at {@code restartAt} the victim starts again on its ports and the
 * cluster is awaited until settled with it; after the writers' deadline the cluster is awaited
 * settled once more and every acknowledged op is read back from every member (Merkle sync), looked
 * for again while some are missing, for at most {@code settleSecs}.
 */
public final class FailoverRun {
    private static final Duration MAP_POLL = Duration.ofMillis(100);

    private final FailoverSettings settings;
    private final ClusterTarget cluster;
    private final Tokens tokens;
    private final AckLedger ledger;
    private final FailoverMetrics metrics = new FailoverMetrics();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long startedAtMillis = System.currentTimeMillis();
    private final List<String> events = new ArrayList<>();
    private volatile FailoverOutcome outcome;
    private volatile String error;
    private long startNanos;

    public FailoverRun(FailoverSettings settings, ClusterTarget cluster, Tokens tokens) {
        this.settings = settings;
        this.cluster = cluster;
        this.tokens = tokens;
        this.ledger = new AckLedger(settings.common().batchSize());
    }

    /** Starts the timeline; it returns at once. */
    public void start() {
        Thread.ofVirtual().name("syncbench-failover").start(() -> {
            try {
                outcome = run();
            } catch (RuntimeException e) {
                error = e.toString();
                event("the run stopped: " + e);
            } finally {
                done.countDown();
            }
        });
    }

    public boolean finished() {
        return done.getCount() == 0;
    }

    /** Waits for the timeline to end (for a caller outside Gatling). */
    public void awaitFinished(Duration limit) throws InterruptedException {
        done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private FailoverOutcome run() {
        int victim = settings.victim() - 1;
        int survivor = victim == 0 ? 1 : 0;
        String victimNode = cluster.nodeId(victim);
        startNanos = System.nanoTime();
        long deadline = startNanos + Duration.ofSeconds(settings.common().durationSecs()).toNanos();
        List<Thread> writers = new ArrayList<>();
        for (int w = 1; w <= settings.writers(); w++) {
            writers.add(Thread.ofVirtual().name("syncbench-failover-writer-" + w).start(new FailoverWriter(w,
                    cluster.webSocketUrls(), tokens.forConnection(w), settings, ledger, metrics, deadline)));
        }
        event("writers started");

        sleepUntil(startNanos + Duration.ofSeconds(settings.killAtSecs()).toNanos());
        PartitionOwners before = cluster.partitionMap(survivor);
        long ackedAtKill = ledger.ackedOps();
        cluster.kill(victim);
        event("kill -9 of " + victimNode + " (map version " + before.version() + " before)");
        PartitionOwners afterKill = awaitMap(survivor, map -> map.failedNodes().contains(victimNode)
                && !map.owners().contains(victimNode) && map.formed(cluster.size() - 1, settings.cluster().backups()),
                Duration.ofSeconds(settings.settleSecs()));
        event(afterKill == null ? "no survivor's map listed " + victimNode + " failed"
                : "map version " + afterKill.version() + " lists " + afterKill.failedNodes() + " failed, partitions moved");

        sleepUntil(startNanos + Duration.ofSeconds(settings.restartAtSecs()).toNanos());
        boolean restarted;
        event("starting " + victimNode + " again on its ports");
        try {
            cluster.restart(victim);
            restarted = true;
            event(victimNode + " started again and serving");
        } catch (BadInputException e) {
            restarted = false;
            event(victimNode + " did not start again: " + e.getMessage());
        }
        PartitionOwners afterRestart = restarted ? awaitSettled(Duration.ofSeconds(settings.settleSecs())) : null;
        event(afterRestart == null ? "the cluster did not settle after the restart"
                : "settled with " + afterRestart.activeNodes().size() + " active, map version " + afterRestart.version());

        for (Thread writer : writers) {
            try {
                writer.join(Duration.ofSeconds(settings.answerSecs() + 30L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        event("writers done: " + ledger.ackedOps() + " ops acknowledged");
        PartitionOwners finalMap = awaitSettled(Duration.ofSeconds(settings.settleSecs()));
        if (afterRestart != null && finalMap == null) {
            afterRestart = null;
        }
        List<FailoverOutcome.MemberReadBack> readBacks = readBackEveryMember();
        return new FailoverOutcome(ledger.ackedOps(), ledger.ackedOps() - ackedAtKill, readBacks, victimNode, before,
                afterKill, restarted, afterRestart, metrics.lossEpisodes(), metrics.recoveryMicros().size());
    }

    private List<FailoverOutcome.MemberReadBack> readBackEveryMember() {
        List<ConfirmedSample.Op> acked = ledger.ops();
        List<FailoverOutcome.MemberReadBack> readBacks = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.settleSecs()).toNanos();
        for (int m = 0; m < cluster.size(); m++) {
            StoreCheck check;
            int reads = 0;
            while (true) {
                check = MerkleReadBack.read(cluster.webSocketUrls().get(m), tokens.forConnection(0),
                        settings.common().map(), acked, startedAtMillis);
                reads++;
                if (check.known() && check.wrongCount() == 0 || System.nanoTime() - deadline > 0) {
                    break;
                }
                sleep(Duration.ofSeconds(1)); // a replica learns of others' writes from their owners, after the ack
            }
            event(cluster.nodeId(m) + " read back in " + reads + (reads == 1 ? " pass" : " passes") + ": "
                    + (check.known() ? check.wrongCount() + " of " + check.sampled() + " acknowledged ops missing or wrong"
                    : check.source()));
            readBacks.add(new FailoverOutcome.MemberReadBack(cluster.nodeId(m), check));
        }
        return readBacks;
    }

    private PartitionOwners awaitSettled(Duration timeout) {
        return awaitMap(-1, map -> map.formed(cluster.size(), settings.cluster().backups()), timeout);
    }

    /** The first map of member {@code member} (-1: the first live one) {@code wanted} accepts, or null after {@code timeout}. */
    private PartitionOwners awaitMap(int member, Predicate<PartitionOwners> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                PartitionOwners map = member < 0 ? cluster.partitionMap() : cluster.partitionMap(member);
                if (wanted.test(map)) {
                    return map;
                }
            } catch (BadInputException e) {
                // a member busy with the change may not answer at once: ask again
            }
            sleep(MAP_POLL);
        }
        return null;
    }

    private void sleepUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            sleep(Duration.ofNanos(left));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void event(String what) {
        double at = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
        String line = String.format(Locale.ROOT, "%6.1f s  %s", at, what);
        events.add(line);
        System.out.println("syncbench: failover " + line.trim());
    }

    public FailoverOutcome outcome() {
        return outcome;
    }

    /** Why the timeline stopped early, or null. */
    public String error() {
        return error;
    }

    public FailoverMetrics metrics() {
        return metrics;
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The summary's record of the run's maps: before, after the kill, after the restart. */
    public Map<String, Object> mapsAsJson() {
        FailoverOutcome o = outcome;
        Map<String, Object> maps = new LinkedHashMap<>();
        if (o != null) {
            maps.put("before_kill", o.mapBefore() == null ? null : o.mapBefore().asMap());
            maps.put("after_kill", o.mapAfterKill() == null ? null : o.mapAfterKill().asMap());
            maps.put("after_restart", o.mapAfterRestart() == null ? null : o.mapAfterRestart().asMap());
        }
        return maps;
    }
}
