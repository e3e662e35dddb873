package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.abuse.NeverReader;
import dev.syncbench.simulations.abuse.AbuseTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Judges an overload: every batch answered (an OP_ACK, or an ERROR with a code, never silence),
 * the server's heap bounded while it was offered more than it could take, little of it beyond its
 * live data (nothing piled up in flight), a newcomer served at normal latency as soon as the load
 * stopped, and every slow reader ended by the server.
 */
public final class OverloadJudge {
    private static final Pattern CLEAR_ERROR = Pattern.compile("^ERROR [1-9][0-9]{2}\\b.*");

    private OverloadJudge() {
    }

    /**
     * What the run measured.
     *
     * @param unansweredBatches batches neither acknowledged nor refused within the answer bound
     * @param batchErrors the ERRORs that refused batches, by description
     * @param strayFrames frames that answered no batch, by description (unattributed ERRORs included)
     * @param peakHeapMib the most heap after a collection sampled during the load
     * @param liveAtStopMib the heap after a full collection when the clients stopped sending (the backlog at its largest)
     * @param dataAtStopMib the part of the final live heap (the data stored once every batch was answered)
     *                      that the ops applied by the time the clients stopped account for, pro rata
     * @param probeBeforeP50Us the probe's median round trip before the load
     * @param probeAfterP50Us its median in the seconds after the load stopped (-1: no answer)
     * @param probeFailures probe batches refused or unanswered after the load
     * @param slowReaders what the never-readers saw (empty when none ran)
     */
    public record Measured(long unansweredBatches, Map<String, Long> batchErrors, Map<String, Long> strayFrames,
                           double peakHeapMib, double liveAtStopMib, double dataAtStopMib, long probeBeforeP50Us, long probeAfterP50Us,
                           long probeFailures, String probeFailure, int neverReaders, Map<String, Long> slowReaders) {
    }

    public static List<GateResult> gates(Measured m, OverloadBaseline baseline) {
        List<GateResult> gates = new ArrayList<>();
        List<String> unclear = m.batchErrors().keySet().stream()
                .filter(description -> !CLEAR_ERROR.matcher(description).matches()).toList();
        gates.add(GateResult.check("every_batch_answered",
                m.unansweredBatches() == 0 && unclear.isEmpty() && m.strayFrames().isEmpty(),
                m.unansweredBatches() + " batches unanswered; ERRORs without a code: " + unclear
                        + "; frames answering no batch: " + m.strayFrames()));
        gates.add(m.peakHeapMib() < 0
                ? GateResult.check("heap_ceiling", false, "the server's heap after GC was never read")
                : GateResult.withFigures("heap_ceiling", m.peakHeapMib() <= baseline.maxHeapAfterGcMib(),
                        String.format(Locale.ROOT, "peak %.0f MiB after GC during the load, at most %.0f",
                                m.peakHeapMib(), baseline.maxHeapAfterGcMib())));
        double inFlight = m.liveAtStopMib() - m.dataAtStopMib();
        gates.add(m.dataAtStopMib() < 0 || m.liveAtStopMib() < 0
                ? GateResult.check("heap_in_flight", false, "the live heap or the applied ops were not read")
                : GateResult.withFigures("heap_in_flight", inFlight <= baseline.maxInFlightHeapMib(),
                        String.format(Locale.ROOT, "live %.0f MiB when the clients stopped sending - %.0f MiB of data "
                                        + "applied by then = %.0f MiB held beyond the data, at most %.0f",
                                m.liveAtStopMib(), m.dataAtStopMib(), inFlight, baseline.maxInFlightHeapMib())));
        gates.add(GateResult.withFigures("recovery_p50_us",
                m.probeFailures() == 0 && m.probeAfterP50Us() >= 0 && m.probeAfterP50Us() <= baseline.maxRecoveryP50Us(),
                String.format(Locale.ROOT, "probe p50 %d µs after the load (%d µs before it), at most %d; %d probe "
                                + "batches failed%s", m.probeAfterP50Us(), m.probeBeforeP50Us(),
                        baseline.maxRecoveryP50Us(), m.probeFailures(),
                        m.probeFailure() == null ? "" : " (" + m.probeFailure() + ")")));
        if (m.neverReaders() > 0) {
            long closed = m.slowReaders().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("closed by the server")
                            || e.getKey().equals("socket ended without a close frame"))
                    .mapToLong(Map.Entry::getValue).sum();
            long with1013 = AbuseTally.count(m.slowReaders(), "closed by the server: 1013 slow consumer");
            long open = AbuseTally.count(m.slowReaders(), NeverReader.STILL_OPEN);
            gates.add(GateResult.withFigures("slow_readers_closed", closed > 0 && open == 0,
                    closed + " never-reader connections ended by the server (" + with1013 + " with 1013), " + open
                            + " still open"));
        }
        return gates;
    }
}
