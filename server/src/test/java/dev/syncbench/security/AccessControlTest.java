package dev.syncbench.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.store.MemoryRecordStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** How policies decide (reference features §3.1), against the reference in-memory store. */
class AccessControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccessSubject ALICE = new AccessSubject("alice", List.of());
    private static final AccessSubject EDITOR = new AccessSubject("ed", List.of("editor"));

    private final AccessControl access = new AccessControl(new MemoryRecordStore(), Set.of("root"), false);

    private void policy(String json) throws Exception {
        access.put(PolicyJson.fromRequest(JSON.readTree(json)));
    }

    private static Value record(String field, String value) {
        return ValueFactory.newMap(ValueFactory.newString(field), ValueFactory.newString(value));
    }

    private boolean writes(AccessSubject subject, String map, Value data) {
        return access.verdict(subject, map, AccessAction.WRITE).allows(subject, data, null);
    }

    @Test
    void nothingIsEvaluatedBeforeTheFirstPolicy() {
        assertFalse(access.enforcing());
        assertTrue(access.allows(ALICE, "anything", AccessAction.WRITE));
    }

    @Test
    void aDenyWinsOverAnAllowAndWhatNoPolicyAllowsIsDenied() throws Exception {
        policy("{\"mapPattern\":\"**\",\"action\":\"all\",\"effect\":\"allow\"}");
        policy("{\"mapPattern\":\"secret.*\",\"action\":\"read\",\"effect\":\"deny\"}");
        assertTrue(access.allows(ALICE, "secret.a", AccessAction.WRITE));
        assertFalse(access.allows(ALICE, "secret.a", AccessAction.READ));
        assertTrue(access.allows(ALICE, "secret", AccessAction.READ), "secret.* needs one more segment");
        assertTrue(access.allows(new AccessSubject("root", List.of()), "secret.a", AccessAction.READ));
    }

    @Test
    void aWritePolicyCoversRemovesAndARemovePolicyOnlyRemoves() throws Exception {
        policy("{\"mapPattern\":\"w\",\"action\":\"write\",\"effect\":\"allow\"}");
        policy("{\"mapPattern\":\"r\",\"action\":\"remove\",\"effect\":\"allow\"}");
        assertTrue(access.allows(ALICE, "w", AccessAction.REMOVE));
        assertTrue(access.allows(ALICE, "r", AccessAction.REMOVE));
        assertFalse(access.allows(ALICE, "r", AccessAction.WRITE));
        assertFalse(access.allows(ALICE, "w", AccessAction.READ));
    }

    @Test
    void aChangeReplacesWhatWasWorkedOutForAMap() throws Exception {
        policy("{\"id\":\"a\",\"mapPattern\":\"m\",\"action\":\"write\",\"effect\":\"allow\"}");
        assertTrue(access.allows(ALICE, "m", AccessAction.WRITE));
        policy("{\"id\":\"b\",\"mapPattern\":\"m\",\"action\":\"write\",\"effect\":\"deny\",\"subjects\":[\"alice\"]}");
        assertFalse(access.allows(ALICE, "m", AccessAction.WRITE));
        assertTrue(access.allows(EDITOR, "m", AccessAction.WRITE));
        access.delete("b");
        assertTrue(access.allows(ALICE, "m", AccessAction.WRITE));
        access.delete("a");
        assertFalse(access.allows(ALICE, "m", AccessAction.WRITE), "no policy left: still closed");
    }

    @Test
    void rolesAndSubjectConditionsAreSettledPerSubject() throws Exception {
        policy("{\"mapPattern\":\"articles\",\"action\":\"write\",\"effect\":\"allow\",\"roles\":[\"editor\"]}");
        policy("{\"mapPattern\":\"drafts\",\"action\":\"write\",\"effect\":\"allow\",\"conditionExpr\":\"auth.roles contains 'editor'\"}");
        for (String map : new String[] {"articles", "drafts"}) {
            assertTrue(access.allows(EDITOR, map, AccessAction.WRITE), map);
            assertFalse(access.allows(ALICE, map, AccessAction.WRITE), map);
            assertFalse(access.allows(AccessSubject.NONE, map, AccessAction.WRITE), map);
        }
        assertFalse(access.verdict(EDITOR, "drafts", AccessAction.WRITE).needsRecord(), "decided without the record");
    }

    @Test
    void recordConditionsDecidePerRecordAndProtectTheReplacedRecord() throws Exception {
        policy("{\"mapPattern\":\"docs\",\"action\":\"write\",\"effect\":\"allow\",\"conditionExpr\":\"auth.id == data.ownerId\"}");
        policy("{\"mapPattern\":\"docs\",\"action\":\"write\",\"effect\":\"deny\",\"conditionExpr\":\"data.locked == true\"}");
        Verdict verdict = access.verdict(ALICE, "docs", AccessAction.WRITE);
        assertTrue(verdict.needsRecord());
        assertTrue(writes(ALICE, "docs", record("ownerId", "alice")));
        assertFalse(writes(ALICE, "docs", record("ownerId", "bob")));
        assertFalse(writes(ALICE, "docs", ValueFactory.newNil()));
        assertFalse(verdict.allows(ALICE, record("ownerId", "alice"), record("ownerId", "bob")), "bob's record is not hers to take");
        Value locked = ValueFactory.newMap(ValueFactory.newString("ownerId"), ValueFactory.newString("alice"),
                ValueFactory.newString("locked"), ValueFactory.newBoolean(true));
        assertFalse(writes(ALICE, "docs", locked));
        assertFalse(verdict.allows(ALICE, record("ownerId", "alice"), locked), "a locked record cannot be overwritten");
    }
}
