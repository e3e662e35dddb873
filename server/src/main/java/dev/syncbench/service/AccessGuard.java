package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.security.AccessAction;
import dev.syncbench.security.AccessControl;
import dev.syncbench.security.AccessSubject;
import dev.syncbench.security.Verdict;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The services' side of access control: who a session is, and the ERROR a denied request gets.
 * Reads of a reserved map ({@code _topgun_*}, {@code __topgun_*}, where the server keeps its
 * own data) are denied to everybody, policies or not.
 */
public final class AccessGuard {
    /** Allows everything: a server without access control (unit tests of single services). */
    public static final AccessGuard OPEN = new AccessGuard(null, true);

    private final AccessControl access;
    private final boolean authDisabled;

    /** @param authDisabled connections then have no subject: no admin bypass, no subject policies */
    public AccessGuard(AccessControl access, boolean authDisabled) {
        this.access = access;
        this.authDisabled = authDisabled;
    }

    /** False while every request is allowed without evaluation. */
    public boolean enforcing() {
        return access != null && access.enforcing();
    }

    public AccessSubject subjectOf(ClientSession session) {
        return authDisabled || session.userId() == null ? AccessSubject.NONE
                : new AccessSubject(session.userId(), session.roles());
    }

    public Verdict verdict(AccessSubject subject, String mapName, AccessAction action) {
        return access.verdict(subject, mapName, action);
    }

    /**
     * Null when the session may read {@code mapName}; otherwise the ERROR 403 to send, naming the
     * map and the request ({@code requestField}: {@code requestId}) so the client can tie it to its call.
     */
    public ErrorMessage deniedRead(ClientSession session, String mapName, String requestField, String requestId) {
        if (mapName != null && WriteService.isReserved(mapName)
                || enforcing() && !access.allows(subjectOf(session), mapName == null ? "" : mapName, AccessAction.READ)) {
            return denial("read", mapName, requestField, requestId);
        }
        return null;
    }

    /** Null when the session may write {@code name} (a map, topic or counter) without a record to judge. */
    public ErrorMessage deniedWrite(ClientSession session, String name) {
        if (enforcing() && !access.allows(subjectOf(session), name, AccessAction.WRITE)) {
            return writeDenied(name);
        }
        return null;
    }

    /** Null when the session may write each value given to {@code mapName}. */
    public ErrorMessage deniedWrite(ClientSession session, String mapName, Iterable<RecordValue> values) {
        if (!enforcing()) {
            return null;
        }
        AccessSubject subject = subjectOf(session);
        Verdict verdict = access.verdict(subject, mapName, AccessAction.WRITE);
        if (!verdict.needsRecord()) {
            return verdict.allowed() ? null : writeDenied(mapName);
        }
        for (RecordValue value : values) {
            if (!verdict.allows(subject, valueOf(value), null)) {
                return writeDenied(mapName);
            }
        }
        return null;
    }

    /** The record a condition sees: nil for none, and for a value that does not read as data. */
    static Value valueOf(RecordValue value) {
        if (value == null) {
            return ValueFactory.newNil();
        }
        try {
            return value.toValue();
        } catch (RuntimeException unreadable) {
            return ValueFactory.newNil();
        }
    }

    /** TopGun's wording, with 403 (TopGun answers 500, or nothing). */
    static ErrorMessage writeDenied(String mapName) {
        return new ErrorMessage(403, WriteService.writeDenied(mapName), null);
    }

    private static ErrorMessage denial(String action, String mapName, String requestField, String requestId) {
        ValueFactory.MapBuilder details = ValueFactory.newMapBuilder();
        details.put(ValueFactory.newString("mapName"), mapName == null ? ValueFactory.newNil() : ValueFactory.newString(mapName));
        if (requestField != null && requestId != null) {
            details.put(ValueFactory.newString(requestField), ValueFactory.newString(requestId));
        }
        String named = mapName == null ? "(every map: name one)" : mapName;
        return new ErrorMessage(403, action + " access denied for map: " + named, RecordValue.of(details.build()));
    }
}
