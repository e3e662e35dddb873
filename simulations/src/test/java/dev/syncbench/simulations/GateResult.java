package dev.syncbench.simulations;

/**
 * One judged figure, as TopGun's reports list them: {@code message} says why it failed, or, for a
 * gate that shows its figures whatever the outcome, what was measured.
 */
public record GateResult(String name, boolean passed, String message) {

    public static GateResult pass(String name) {
        return new GateResult(name, true, null);
    }

    public static GateResult check(String name, boolean passed, String failure) {
        return new GateResult(name, passed, passed ? null : failure);
    }

    /** A gate whose figures are printed on a pass too. */
    public static GateResult withFigures(String name, boolean passed, String figures) {
        return new GateResult(name, passed, figures);
    }

    /** The console line, as TopGun prints it. */
    public String line() {
        if (passed) {
            return message == null ? "PASS [" + name + "]" : "PASS [" + name + "]: " + message;
        }
        return "FAIL [" + name + "]: " + message;
    }
}
