package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.target.PartitionOwners;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.List;

/**
 * What happened in a failover run, as the judge needs it.
 *
 * @param ackedOps ops whose OP_ACK arrived (every one is looked for)
 * @param ackedOpsAfterKill of those, the ones acknowledged after the kill
 * @param readBacks each member's read-back of every acknowledged op, after the cluster settled
 * @param victim the node id of the member killed
 * @param mapBefore a survivor's partition map just before the kill
 * @param mapAfterKill a survivor's first map listing the victim failed and its partitions moved, or null
 * @param restarted whether the victim was started again and served
 * @param mapAfterRestart the map once the cluster had settled after the restart, or null when it did not
 * @param lossEpisodes times a writer lost its connection or an answer
 * @param recoveries times such a writer got an acknowledgement again
 */
public record FailoverOutcome(long ackedOps, long ackedOpsAfterKill, List<MemberReadBack> readBacks, String victim,
                              PartitionOwners mapBefore, PartitionOwners mapAfterKill, boolean restarted,
                              PartitionOwners mapAfterRestart, long lossEpisodes, long recoveries) {

    /** What one member held of the acknowledged ops. */
    public record MemberReadBack(String nodeId, StoreCheck check) {
    }
}
