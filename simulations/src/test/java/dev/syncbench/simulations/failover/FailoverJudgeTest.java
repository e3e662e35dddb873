package dev.syncbench.simulations.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.judging.FailoverBaseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.target.PartitionOwners;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverJudgeTest {
    private static final PartitionOwners BEFORE = new PartitionOwners(5, Map.of("m1", "ws://h:1", "m2", "ws://h:2",
            "m3", "ws://h:3"), Map.of("m1", "ACTIVE", "m2", "ACTIVE", "m3", "ACTIVE"), List.of("m1", "m2", "m3"),
            List.of(1, 1, 1));
    private static final PartitionOwners AFTER_KILL = new PartitionOwners(8, BEFORE.endpoints(),
            Map.of("m1", "ACTIVE", "m2", "ACTIVE", "m3", "FAILED"), List.of("m1", "m2", "m1"), List.of(1, 1, 1));

    @Test
    void everyAckedOpOnEveryMemberAndAProperFailoverPasses() {
        List<GateResult> gates = FailoverJudge.judge(outcome(1_000, held(1_000), AFTER_KILL, 4, 4));
        assertTrue(gates.stream().allMatch(GateResult::passed), gates.toString());
        assertEquals(List.of("zero_acked_loss", "member_killed_and_rejoined", "map_marks_victim_failed",
                "writers_recovered"), gates.stream().map(GateResult::name).toList());
    }

    @Test
    void oneAckedOpMissingOnOneMemberFails() {
        StoreCheck missingOne = new StoreCheck(999, 1_000, List.of("conn-3-41 missing"), 1);
        GateResult loss = gate(FailoverJudge.judge(outcome(1_000,
                List.of(read("m1", held(1_000)), read("m2", missingOne), read("m3", held(1_000))), AFTER_KILL, 4, 4)),
                "zero_acked_loss");
        assertFalse(loss.passed());
        assertTrue(loss.message().contains("m2 lost 1 of 1000 (conn-3-41 missing)"), loss.message());
    }

    @Test
    void aMemberThatCouldNotBeReadFailsRatherThanPassing() {
        StoreCheck unread = new StoreCheck(-1, 0, List.of(), 0, "no answer");
        assertFalse(gate(FailoverJudge.judge(outcome(1_000,
                List.of(read("m1", held(1_000)), read("m2", unread), read("m3", held(1_000))), AFTER_KILL, 4, 4)),
                "zero_acked_loss").passed());
    }

    @Test
    void aReadBackOfFewerOpsThanAckedFails() {
        assertFalse(gate(FailoverJudge.judge(outcome(1_000, held(900), AFTER_KILL, 4, 4)), "zero_acked_loss").passed());
    }

    @Test
    void aMapThatStillGivesTheVictimPartitionsFails() {
        PartitionOwners stillOwning = new PartitionOwners(8, BEFORE.endpoints(), AFTER_KILL.statuses(),
                List.of("m1", "m2", "m3"), List.of(1, 1, 1));
        assertFalse(gate(FailoverJudge.judge(outcome(1_000, held(1_000), stillOwning, 4, 4)),
                "map_marks_victim_failed").passed());
        assertFalse(gate(FailoverJudge.judge(outcome(1_000, held(1_000), null, 4, 4)),
                "map_marks_victim_failed").passed());
    }

    @Test
    void aWriterThatNeverGotAnAckAgainFails() {
        assertFalse(gate(FailoverJudge.judge(outcome(1_000, held(1_000), AFTER_KILL, 4, 3)), "writers_recovered")
                .passed());
    }

    @Test
    void aRecoverySlowerThanTheCeilingFails() {
        FailoverBaseline ceiling = new FailoverBaseline("b", "p", 2_000);
        FailoverOutcome fine = outcome(1_000, held(1_000), AFTER_KILL, 2, 2);
        assertTrue(gate(FailoverJudge.judge(fine, List.of(650_000L, 1_999_000L), ceiling), "recovery_max_ms").passed());
        GateResult slow = gate(FailoverJudge.judge(fine, List.of(650_000L, 2_001_000L), ceiling), "recovery_max_ms");
        assertFalse(slow.passed());
        assertEquals("slowest recovery 2001 ms of 2, ceiling 2000 ms", slow.message());
    }

    private static StoreCheck held(int ops) {
        return new StoreCheck(ops, ops, List.of(), 0);
    }

    private static FailoverOutcome.MemberReadBack read(String node, StoreCheck check) {
        return new FailoverOutcome.MemberReadBack(node, check);
    }

    private static FailoverOutcome outcome(long acked, StoreCheck everywhere, PartitionOwners afterKill, long lost,
                                           long recovered) {
        return outcome(acked, List.of(read("m1", everywhere), read("m2", everywhere), read("m3", everywhere)),
                afterKill, lost, recovered);
    }

    private static FailoverOutcome outcome(long acked, List<FailoverOutcome.MemberReadBack> readBacks,
                                           PartitionOwners afterKill, long lost, long recovered) {
        return new FailoverOutcome(acked, acked / 2, readBacks, "m3", BEFORE, afterKill, true, BEFORE, lost, recovered);
    }

    private static GateResult gate(List<GateResult> gates, String name) {
        return gates.stream().filter(gate -> gate.name().equals(name)).findFirst().orElseThrow();
    }
}
