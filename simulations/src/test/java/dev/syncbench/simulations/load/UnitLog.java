package dev.syncbench.simulations.load;

/**
 * Where a connection reports each awaited unit (a fire-and-wait batch, a fire-and-forget window)
 * once it has ended, so Gatling's report holds exactly the units syncbench's figures count.
 */
@FunctionalInterface
public interface UnitLog {
    UnitLog NONE = (startMillis, latencyUs, confirmed, failure) -> { };

    /**
     * @param startMillis wall-clock ms of the unit's first send
     * @param latencyUs its round trip, or the time waited when it timed out
     * @param failure null when confirmed, else why not ("timed out", "ERROR 429 ...", "2 ops rejected")
     */
    void ended(long startMillis, long latencyUs, boolean confirmed, String failure);
}
