package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.target.ResourceSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection storm's gates in {@code baseline.json}, under {@code storm} (a profile's own
 * section replaces the top-level one): the fewest accepted handshakes per second, and how many more
 * file descriptors, JVM threads, OS threads and connections the server may hold once every client
 * has gone than before the storm (a small slack: the JVM starts compiler and GC threads as it
 * needs them, and a process's fds include its log files and jars).
 */
public record StormBaseline(String source, String profile, double minHandshakesPerSec, long maxExtraFds,
                            long maxExtraThreads, long maxExtraOsThreads, long maxExtraConnections) {
    public static final String KEY = "storm";

    public static StormBaseline load(Path file, String requestedProfile) {
        BaselineFile baseline = BaselineFile.read(file);
        BaselineFile.Section chosen = baseline.section(KEY, requestedProfile);
        JsonNode section = chosen.node();
        String where = chosen.where();
        String profile = chosen.profile();
        return new StormBaseline(file.toString(), profile,
                baseline.number(section, where, "min_handshakes_per_sec", true),
                (long) baseline.number(section, where, "max_extra_fds", true),
                (long) baseline.number(section, where, "max_extra_threads", true),
                (long) baseline.number(section, where, "max_extra_os_threads", true),
                (long) baseline.number(section, where, "max_extra_connections", true));
    }

    /** What {@code after} holds beyond {@code before} past its slack, in words; empty when nothing (an unread figure is a leak). */
    public List<String> leaks(ResourceSample before, ResourceSample after) {
        List<String> leaks = new ArrayList<>();
        over(leaks, "open fds", before.openFds(), after.openFds(), maxExtraFds);
        over(leaks, "JVM threads", before.threads(), after.threads(), maxExtraThreads);
        over(leaks, "OS threads", before.osThreads(), after.osThreads(), maxExtraOsThreads);
        over(leaks, "connections", before.connections(), after.connections(), maxExtraConnections);
        return leaks;
    }

    private static void over(List<String> leaks, String what, long before, long after, long slack) {
        if (before < 0 || after < 0) {
            leaks.add(what + " unread (" + before + " before, " + after + " after)");
        } else if (after - before > slack) {
            leaks.add(what + " " + before + " -> " + after + " (+" + (after - before) + ", at most +" + slack + ")");
        }
    }
}
