package dev.syncbench.simulations.report;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's confirmed ops/s as users of TopGun's typical workloads: how many collaborative editors,
 * dashboard sources or chat users it would carry if each sent its workload's rate. A ceiling for this
 * machine and this run's workload (batch size, pacing, one map), not a promise for another.
 */
public record Capacity(double opsPerSec, List<Workload> workloads) {

    /** A kind of user and the ops/s one of them sends. */
    public record Workload(String name, String key, double opsPerUser) {
        long users(double opsPerSec) {
            return (long) Math.floor(opsPerSec / opsPerUser);
        }
    }

    /** TopGun's three reference users: an editor typing, a dashboard's data source, a chat user. */
    public static final List<Workload> TOPGUN_WORKLOADS = List.of(
            new Workload("collaborative editor", "collaborative_editor", 10),
            new Workload("dashboard source", "dashboard_source", 100),
            new Workload("chat user", "chat", 1));

    static final String CAVEAT = "ceilings for this machine and this run's workload, not for another";

    public static Capacity of(double opsPerSec) {
        return new Capacity(opsPerSec, TOPGUN_WORKLOADS);
    }

    /** One console line: each workload's users, then what the figures are. */
    public void print(PrintStream out) {
        StringBuilder line = new StringBuilder("capacity in users: ");
        for (int i = 0; i < workloads.size(); i++) {
            Workload workload = workloads.get(i);
            line.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %ss (%s ops/s each)",
                    workload.users(opsPerSec), workload.name(), plain(workload.opsPerUser())));
        }
        out.println(line.append(" (").append(CAVEAT).append(')'));
    }

    /** The summary's {@code capacity_users}: users per workload, each workload's rate, and the caveat. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            json.put(workload.key(), workload.users(opsPerSec));
        }
        Map<String, Object> rates = new LinkedHashMap<>();
        workloads.forEach(workload -> rates.put(workload.key(), workload.opsPerUser()));
        json.put("ops_per_sec_per_user", rates);
        json.put("note", CAVEAT);
        return json;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
