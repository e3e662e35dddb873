package dev.syncbench.simulations.load;

/** The two ways of driving load, named as in TopGun's reports and baseline.json. */
public enum LoadMode {
    FIRE_AND_WAIT("fire-and-wait", "fire_and_wait"),
    FIRE_AND_FORGET("fire-and-forget", "fire_and_forget");

    private final String label;
    private final String baselineKey;

    LoadMode(String label, String baselineKey) {
        this.label = label;
        this.baselineKey = baselineKey;
    }

    public String label() {
        return label;
    }

    public String baselineKey() {
        return baselineKey;
    }
}
