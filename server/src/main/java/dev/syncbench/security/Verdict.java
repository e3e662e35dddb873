package dev.syncbench.security;

import java.util.List;
import org.msgpack.value.Value;

/**
 * What the policies say about one subject doing one action on one map. Most verdicts are settled
 * without the record ({@link #needsRecord()} false); the others hold the conditional policies
 * that read the record, and decide per record: deny when a deny policy's condition holds on any
 * record the request touches, else allow when an unconditional allow applies or an allow policy's
 * condition holds on every record it touches (the value written and the live value it replaces:
 * an owner condition thus also protects the record being overwritten).
 */
public final class Verdict {
    static final Verdict ALLOWED = new Verdict(true, false, List.of(), List.of());
    static final Verdict DENIED = new Verdict(false, false, List.of(), List.of());

    private final boolean unconditionalAllow;
    private final boolean needsRecord;
    private final List<Condition> denies;
    private final List<Condition> allows;

    private Verdict(boolean unconditionalAllow, boolean needsRecord, List<Condition> denies, List<Condition> allows) {
        this.unconditionalAllow = unconditionalAllow;
        this.needsRecord = needsRecord;
        this.denies = denies;
        this.allows = allows;
    }

    static Verdict conditional(boolean unconditionalAllow, List<Condition> denies, List<Condition> allows) {
        return new Verdict(unconditionalAllow, true, List.copyOf(denies), List.copyOf(allows));
    }

    /** Whether {@link #allows(AccessSubject, Value, Value)} must be asked per record. */
    public boolean needsRecord() {
        return needsRecord;
    }

    /** The answer of a verdict that does not need the record. */
    public boolean allowed() {
        return unconditionalAllow;
    }

    /**
     * Decides for a request touching {@code record} (nil or null for none) and, when not null,
     * {@code replaced}, the live value a write replaces.
     */
    public boolean allows(AccessSubject subject, Value record, Value replaced) {
        if (!needsRecord) {
            return unconditionalAllow;
        }
        for (Condition deny : denies) {
            if (deny.test(subject, record) || (replaced != null && deny.test(subject, replaced))) {
                return false;
            }
        }
        if (unconditionalAllow) {
            return true;
        }
        for (Condition allow : allows) {
            if (allow.test(subject, record) && (replaced == null || allow.test(subject, replaced))) {
                return true;
            }
        }
        return false;
    }
}
