package dev.syncbench.simulations;

/** One judged figure, as TopGun's reports list them: {@code message} is null on a pass. */
public record GateResult(String name, boolean passed, String message) {

    public static GateResult pass(String name) {
        return new GateResult(name, true, null);
    }

    public static GateResult check(String name, boolean passed, String failure) {
        return new GateResult(name, passed, passed ? null : failure);
    }

    /** The console line, as TopGun prints it. */
    public String line() {
        return passed ? "PASS [" + name + "]" : "FAIL [" + name + "]: " + message;
    }
}
