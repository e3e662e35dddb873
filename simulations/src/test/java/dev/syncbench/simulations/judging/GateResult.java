package dev.syncbench.simulations.judging;

/**
 * One judged figure, as TopGun's reports list them: {@code message} says why it failed, or, for a
 * gate that shows its figures whatever the outcome, what was measured.
 */
public record GateResult(String name, boolean passed, String message) {
    private static final String NOT_APPLICABLE = "not applicable: ";

    public static GateResult pass(String name) {
        return new GateResult(name, true, null);
    }

    public static GateResult check(String name, boolean passed, String failure) {
        return new GateResult(name, passed, passed ? null : failure);
    }

    /**
     * A gate that does not apply to this run's parameters: it neither passes on merit nor fails, and
     * says why (for example an absolute ops/s floor on a run offering far less load).
     */
    public static GateResult notApplicable(String name, String reason) {
        return new GateResult(name, true, NOT_APPLICABLE + reason);
    }

    /** Whether {@link #notApplicable} made this result. */
    public boolean applies() {
        return message == null || !message.startsWith(NOT_APPLICABLE);
    }

    /** A gate whose figures are printed on a pass too. */
    public static GateResult withFigures(String name, boolean passed, String figures) {
        return new GateResult(name, passed, figures);
    }

    /** The console line, as TopGun prints it. */
    public String line() {
        if (!applies()) {
            return "N/A  [" + name + "]: " + message.substring(NOT_APPLICABLE.length());
        }
        if (passed) {
            return message == null ? "PASS [" + name + "]" : "PASS [" + name + "]: " + message;
        }
        return "FAIL [" + name + "]: " + message;
    }
}
