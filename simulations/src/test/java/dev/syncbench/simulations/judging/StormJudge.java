package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.storm.LeakWatch;
import dev.syncbench.simulations.storm.MassReconnect;
import dev.syncbench.simulations.target.ResourceSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a connection storm: handshakes accepted at least at the stated rate and none failed, every
 * storm cycle's PING answered, every subscriber of the mass reconnect back with every record
 * written while it was away, and the server holding no more fds, threads or connections
 * afterwards than before, beyond the stated slack.
 */
public final class StormJudge {
    private StormJudge() {
    }

    /**
     * What the run measured.
     *
     * @param accepted handshakes accepted in the storm (upgrade and AUTH_ACK)
     * @param stormSecs the storm's length, first cycle's start to last cycle's end
     * @param failedHandshakes handshakes that failed, by step and reason
     * @param failedAfterHandshake storm cycles whose PING went unanswered, by reason
     * @param reconnect the mass reconnect
     * @param before the server's resources before the storm
     * @param settled its resources once the clients had gone
     */
    public record Measured(long accepted, double stormSecs, Map<String, Long> failedHandshakes,
                          Map<String, Long> failedAfterHandshake, MassReconnect.Result reconnect,
                          ResourceSample before, LeakWatch.Settled settled) {
        public double handshakesPerSec() {
            return stormSecs > 0 ? accepted / stormSecs : 0;
        }

        public long failedHandshakeCount() {
            return failedHandshakes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static List<GateResult> gates(Measured m, StormBaseline baseline) {
        List<GateResult> gates = new ArrayList<>();
        gates.add(GateResult.withFigures("handshakes_per_sec", m.handshakesPerSec() >= baseline.minHandshakesPerSec(),
                String.format(Locale.ROOT, "%.0f handshakes/s accepted (%d in %.1f s), at least %.0f",
                        m.handshakesPerSec(), m.accepted(), m.stormSecs(), baseline.minHandshakesPerSec())));
        gates.add(GateResult.check("no_failed_handshakes", m.failedHandshakeCount() == 0 && m.accepted() > 0,
                m.accepted() == 0 ? "no handshake was accepted: " + m.failedHandshakes()
                        : m.failedHandshakeCount() + " of " + (m.accepted() + m.failedHandshakeCount())
                                + " handshakes failed: " + m.failedHandshakes()));
        gates.add(GateResult.check("storm_pings_answered", m.failedAfterHandshake().isEmpty(),
                "after an accepted handshake: " + m.failedAfterHandshake()));
        MassReconnect.Result r = m.reconnect();
        boolean everyoneBack = r.subscribedBefore() == r.clients() && r.reconnected() == r.clients();
        gates.add(GateResult.check("reconnect_all_back", everyoneBack && r.openFailures().isEmpty()
                        && r.reconnectFailures().isEmpty(),
                r.subscribedBefore() + " of " + r.clients() + " subscribed before the drop " + r.openFailures() + ", "
                        + r.reconnected() + " reconnected and resubscribed " + r.reconnectFailures()));
        gates.add(GateResult.check("reconnect_nothing_lost", r.writeFailures().isEmpty() && r.recordsAcked() > 0
                        && r.incompleteSnapshots() == 0,
                r.recordsAcked() + " records acknowledged while away (batches failed: " + r.writeFailures() + "); "
                        + r.incompleteSnapshots() + " of " + r.reconnected() + " snapshots lacked some: "
                        + r.incompleteExamples()));
        List<String> leaks = baseline.leaks(m.before(), m.settled().after());
        gates.add(GateResult.withFigures("no_leaks", leaks.isEmpty(), leaks.isEmpty()
                ? String.format(Locale.ROOT, "%s after %.1f s", held(m.before(), m.settled().after()),
                        m.settled().settledSecs())
                : String.format(Locale.ROOT, "still held after %.1f s: %s", m.settled().settledSecs(), leaks)));
        return gates;
    }

    /** Before → after for each figure the leak gate reads. */
    static String held(ResourceSample before, ResourceSample after) {
        return "fds " + before.openFds() + " -> " + after.openFds() + ", JVM threads " + before.threads() + " -> "
                + after.threads() + ", OS threads " + before.osThreads() + " -> " + after.osThreads() + ", connections "
                + before.connections() + " -> " + after.connections();
    }
}
