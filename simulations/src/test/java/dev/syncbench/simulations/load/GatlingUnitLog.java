package dev.syncbench.simulations.load;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.stats.StatsEngine;
import io.gatling.http.action.ws.fsm.WsFsm;
import io.gatling.javaapi.core.Session;
import scala.Option;
import scala.collection.immutable.List$;

/**
 * Writes each ended unit into Gatling's statistics as a request named {@code requestName}: OK when
 * confirmed, KO (with the reason) otherwise, from the unit's first send for the time it took, in
 * whole ms rounded up. Gatling's report and assertions then count exactly the units syncbench
 * counts, timed from the same instants (a window from its first send, a timeout at the time waited).
 */
public final class GatlingUnitLog implements UnitLog {
    private final StatsEngine statsEngine;
    private final String scenario;
    private final String requestName;

    private GatlingUnitLog(StatsEngine statsEngine, String scenario, String requestName) {
        this.statsEngine = statsEngine;
        this.scenario = scenario;
        this.requestName = requestName;
    }

    /** The log of the user whose WebSocket is {@code wsName}. */
    public static GatlingUnitLog of(Session session, String wsName, String requestName) {
        WsFsm fsm = session.get(wsName);
        return new GatlingUnitLog(fsm.statsEngine(), session.scenario(), requestName);
    }

    /** Whole ms, rounded up, so a unit under the ms floor in µs is never over it in ms. */
    public static long millisRoundedUp(long latencyUs) {
        return (latencyUs + 999) / 1000;
    }

    @Override
    public void ended(long startMillis, long latencyUs, boolean confirmed, String failure) {
        statsEngine.logResponse(scenario, List$.MODULE$.empty(), requestName, startMillis,
                startMillis + millisRoundedUp(latencyUs), confirmed ? OK$.MODULE$ : KO$.MODULE$, Option.empty(),
                confirmed ? Option.empty() : Option.apply(failure));
    }
}
