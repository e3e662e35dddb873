package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confirmed ops/s as users of TopGun's three workloads, labelled as this machine's ceilings. */
class CapacityTest {

    @Test
    void opsPerSecondBecomeEditorsDashboardSourcesAndChatUsers() {
        Map<String, Object> json = Capacity.of(39_007).asJson();
        assertEquals(3_900L, json.get("collaborative_editor"));
        assertEquals(390L, json.get("dashboard_source"));
        assertEquals(39_007L, json.get("chat"));
        assertEquals(Map.of("collaborative_editor", 10.0, "dashboard_source", 100.0, "chat", 1.0),
                json.get("ops_per_sec_per_user"));
    }

    @Test
    void theConsoleLineSaysTheseAreCeilingsForThisMachineAndWorkload() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Capacity.of(3_936.4).print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals("capacity in users: 393 collaborative editors (10 ops/s each), 39 dashboard sources (100 ops/s "
                        + "each), 3,936 chat users (1 ops/s each) (ceilings for this machine and this run's workload, "
                        + "not for another)" + System.lineSeparator(),
                buffer.toString(StandardCharsets.UTF_8));
    }
}
