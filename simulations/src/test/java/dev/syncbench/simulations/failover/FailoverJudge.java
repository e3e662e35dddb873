package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.judging.FailoverBaseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.target.PartitionOwners;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The failover's verdict. Its first gate is the one that matters: every op the clients were told was
 * applied is held, with its value, by every member once the cluster has settled (zero acknowledged
 * loss). The others say the failover really happened as it should: the member died and came back,
 * the survivors' map moved its partitions and listed it failed under a higher version, and every
 * writer that lost its connection was acknowledged again.
 */
public final class FailoverJudge {
    private FailoverJudge() {
    }

    /** {@link #judge(FailoverOutcome)} and the slowest recovery against the baseline's ceiling. */
    public static List<GateResult> judge(FailoverOutcome outcome, List<Long> recoveryMicros, FailoverBaseline baseline) {
        List<GateResult> gates = new ArrayList<>(judge(outcome));
        long slowest = recoveryMicros.stream().mapToLong(Long::longValue).max().orElse(-1);
        gates.add(GateResult.withFigures("recovery_max_ms", slowest / 1000.0 <= baseline.maxRecoveryMs(),
                slowest < 0 ? "no writer lost its connection"
                        : String.format(Locale.ROOT, "slowest recovery %.0f ms of %d, ceiling %.0f ms",
                        slowest / 1000.0, recoveryMicros.size(), baseline.maxRecoveryMs())));
        return gates;
    }

    public static List<GateResult> judge(FailoverOutcome outcome) {
        List<GateResult> gates = new ArrayList<>();
        gates.add(zeroAckedLoss(outcome));
        gates.add(GateResult.check("member_killed_and_rejoined", outcome.restarted() && outcome.mapAfterRestart() != null,
                !outcome.restarted() ? outcome.victim() + " was not started again" : "the cluster did not settle with "
                        + outcome.victim() + " back in it"));
        gates.add(mapMarksVictimFailed(outcome));
        gates.add(GateResult.withFigures("writers_recovered", outcome.ackedOpsAfterKill() > 0
                        && outcome.recoveries() == outcome.lossEpisodes(),
                outcome.ackedOpsAfterKill() + " ops acknowledged after the kill; " + outcome.recoveries() + " of "
                        + outcome.lossEpisodes() + " lost connections acknowledged again"));
        return gates;
    }

    private static GateResult zeroAckedLoss(FailoverOutcome outcome) {
        List<String> parts = new ArrayList<>();
        boolean passed = !outcome.readBacks().isEmpty() && outcome.ackedOps() > 0;
        for (FailoverOutcome.MemberReadBack readBack : outcome.readBacks()) {
            StoreCheck check = readBack.check();
            if (!check.known()) {
                passed = false;
                parts.add(readBack.nodeId() + " not read (" + check.source() + ")");
            } else if (check.wrongCount() > 0 || check.sampled() != outcome.ackedOps()) {
                passed = false;
                parts.add(readBack.nodeId() + " lost " + check.wrongCount() + " of " + check.sampled() + " ("
                        + String.join(", ", check.wrong()) + ")");
            } else {
                parts.add(readBack.nodeId() + " holds all");
            }
        }
        if (outcome.ackedOps() == 0) {
            parts.add("no op was acknowledged");
        }
        return GateResult.withFigures("zero_acked_loss", passed,
                outcome.ackedOps() + " acknowledged ops looked for on every member: " + String.join("; ", parts));
    }

    private static GateResult mapMarksVictimFailed(FailoverOutcome outcome) {
        PartitionOwners before = outcome.mapBefore();
        PartitionOwners after = outcome.mapAfterKill();
        if (before == null || after == null) {
            return GateResult.check("map_marks_victim_failed", false, "no survivor's map listed " + outcome.victim()
                    + " failed with its partitions moved" + (before == null ? " (no map before the kill)" : ""));
        }
        boolean moved = !after.owners().contains(outcome.victim());
        boolean passed = after.version() > before.version() && after.failedNodes().contains(outcome.victim()) && moved;
        return GateResult.withFigures("map_marks_victim_failed", passed, "version " + before.version() + " -> "
                + after.version() + ", failed " + before.failedNodes() + " -> " + after.failedNodes()
                + (moved ? ", no partition left on " : ", partitions still on ") + outcome.victim());
    }
}
