package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.SystemProperties;

/**
 * The abuse run's parameters ({@code -Dabuse.*}).
 *
 * @param phaseSecs length of each off and on phase
 * @param settleSecs after each switch, load samples that start within this are in neither phase
 * @param tolerancePct the on-phase p99 may exceed the off-phase p99 by this much
 * @param neverReaders connections that subscribe and then stop reading
 * @param stallSecs how long a never-reader stops reading before it looks at how the server ended it
 * @param regexSubscribers connections holding pathological regex/LIKE live queries
 * @param floodConnections unauthenticated connections sending garbage and OP_BATCH frames
 * @param floodRate frames per second each flood connection sends
 * @param reconnectMs pause before an abuser reconnects after its connection ended
 */
public record AbuseSettings(int phaseSecs, int settleSecs, int tolerancePct, int neverReaders, int stallSecs,
                     int regexSubscribers, int floodConnections, int floodRate, int reconnectMs) {

    public static AbuseSettings fromSystemProperties() {
        int phase = SystemProperties.intProperty("abuse.phaseSecs", 30, 2, 3_600);
        return new AbuseSettings(
                phase,
                SystemProperties.intProperty("abuse.settleSecs", 2, 0, phase - 1),
                SystemProperties.intProperty("abuse.tolerancePct", 50, 0, 10_000),
                SystemProperties.intProperty("abuse.neverReaders", 1, 0, 1_000),
                SystemProperties.intProperty("abuse.stallSecs", 10, 1, 600),
                SystemProperties.intProperty("abuse.regexSubscribers", 1, 0, 1_000),
                SystemProperties.intProperty("abuse.floodConnections", 2, 0, 1_000),
                SystemProperties.intProperty("abuse.floodRate", 500, 1, 1_000_000),
                SystemProperties.intProperty("abuse.reconnectMs", 1_000, 0, 60_000));
    }
}
