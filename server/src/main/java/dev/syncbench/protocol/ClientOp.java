package dev.syncbench.protocol;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;

/**
 * One write of a CLIENT_OP or OP_BATCH. {@code kind} is classified at decode time (PROTOCOL §3).
 * {@code problem} is null for a well-formed op; otherwise it names what is wrong with this op
 * (e.g. "missing field: key"), so the server can reject the op alone while the rest of its
 * batch applies.
 *
 * <p>The trailing components keep what the wire said but the fields above cannot show, so that
 * re-encoding is faithful: the {@code opType} string as sent (null when absent) and whether
 * {@code record}, {@code orRecord} or {@code orTag} arrived as an explicit nil rather than absent.
 */
public record ClientOp(
        String id,
        String mapName,
        String key,
        OpKind kind,
        LwwRecord record,
        OrRecord orRecord,
        String orTag,
        String writeConcern,
        Long timeout,
        String problem,
        String opType,
        boolean recordNil,
        boolean orRecordNil,
        boolean orTagNil) {

    /** An op built by code rather than decoded: it is written with {@code opType} = kind's name. */
    public ClientOp(String id, String mapName, String key, OpKind kind, LwwRecord record, OrRecord orRecord,
            String orTag, String writeConcern, Long timeout, String problem) {
        this(id, mapName, key, kind, record, orRecord, orTag, writeConcern, timeout, problem,
                kind == null ? null : kind.name(), false, false, false);
    }

    /** Classification, first match wins: REMOVE, OR_ADD, OR_REMOVE (orRecord absent, not nil), PUT. */
    static OpKind classify(String opType, boolean recordNil, OrRecord orRecord,
            boolean orRecordPresent, String orTag) {
        if ("REMOVE".equals(opType) || recordNil) {
            return OpKind.REMOVE;
        }
        if (orRecord != null) {
            return OpKind.OR_ADD;
        }
        if (orTag != null && !orRecordPresent) {
            return OpKind.OR_REMOVE;
        }
        return OpKind.PUT;
    }
}
