package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.simulations.FireAndWaitSimulation;
import dev.syncbench.simulations.SimulationRun;
import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.ProtocolSocket;
import dev.syncbench.simulations.wire.Reply;
import dev.syncbench.simulations.wire.Tokens;
import io.helidon.config.Config;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing lost" against a server in its own process is read back over the protocol: here
 * syncbench's server, started apart from the simulation and given to it as an external target.
 */
class MerkleReadBackTest {
    private static final String SECRET = "read-back-secret";

    @TempDir
    Path dir;

    private SyncServer server;
    private URI url;

    @BeforeEach
    void startServer() {
        server = SyncServer.start(ServerConfig.builder(Config.create())
                .host("127.0.0.1").port(0).jwtSecret(SECRET).storageBackend("memory").build());
        url = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void countsTheStoredRecordsAndFindsEachSampledValueOrItsAbsence() throws Exception {
        long before = System.currentTimeMillis();
        write(7, 3); // conn-7-0 .. conn-7-29, each {v: seq}
        List<ConfirmedSample.Op> sample = new ArrayList<>();
        for (long seq = 0; seq < 30; seq += 7) {
            sample.add(new ConfirmedSample.Op(BatchEncoder.key(7, seq), seq));
        }
        sample.add(new ConfirmedSample.Op(BatchEncoder.key(7, 99), 99)); // never written

        StoreCheck check = MerkleReadBack.read(url, new Tokens(SECRET).forConnection(0), BatchEncoder.DEFAULT_MAP, sample,
                before);

        assertTrue(check.known(), check.source());
        assertEquals(30, check.storedKeys());
        assertEquals(sample.size(), check.sampled());
        assertEquals(1, check.wrongCount(), check.wrong().toString());
        assertEquals(List.of("conn-7-99 missing"), check.wrong());
    }

    @Test
    void countsOnlyRecordsStampedSinceTheRunStarted() throws Exception {
        write(3, 2);

        StoreCheck check = MerkleReadBack.read(url, new Tokens(SECRET).forConnection(0), BatchEncoder.DEFAULT_MAP,
                List.of(), System.currentTimeMillis() + 60_000);

        assertEquals(0, check.storedKeys(), "records of an earlier run are not this run's");
    }

    @Test
    void aTargetThatCannotAnswerIsNotChecked() {
        try (FakeSyncServer fake = FakeSyncServer.start((link, index, batch) -> link.ack(batch))) {
            StoreCheck check = MerkleReadBack.read(fake.url(), "any", BatchEncoder.DEFAULT_MAP, List.of(), 0);

            assertFalse(check.known());
            assertTrue(check.source().contains("ERROR 501"), check.source());
        }
    }

    @Test
    void aRunAgainstTheServerAsExternalTargetGatesNothingLostOnTheReadBack() throws Exception {
        Path baseline = Files.writeString(dir.resolve("baseline.json"), """
                {"regression_tolerance_pct": 20,
                 "fire_and_wait": {"min_ops_per_sec": 1, "max_p50_us": 10000000, "min_acked_pct": 1},
                 "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 10000000}}
                """);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("target", url.toString());
        properties.put("jwt.secret", SECRET);
        properties.put("baseline.file", baseline.toString());
        properties.put("connections", "4");
        properties.put("duration", "3");
        properties.put("warmup", "1");

        SimulationRun run = SimulationRun.of(FireAndWaitSimulation.class, dir, properties);

        JsonNode nothingLost = null;
        for (JsonNode check : run.summary().path("assertions")) {
            if (check.path("name").asText().equals("nothing_lost")) {
                nothingLost = check;
            }
        }
        assertTrue(nothingLost != null, "no nothing_lost check: " + run.describe());
        assertTrue(nothingLost.path("passed").asBoolean(), run.describe());
        assertTrue(nothingLost.path("message").asText().contains("read back over the protocol"), run.describe());
        assertEquals(0, run.exitStatus(), run.describe());
    }

    /** {@code batches} OP_BATCHes of 10 from connection {@code connection}, each acknowledged. */
    private void write(long connection, int batches) throws Exception {
        BatchEncoder encoder = new BatchEncoder(connection, 10);
        try (ProtocolSocket socket = ProtocolSocket.open(url, new Tokens(SECRET).forConnection(connection),
                MerkleReadBack.REPLY_TIMEOUT)) {
            for (int i = 0; i < batches; i++) {
                socket.send(encoder.nextBatch(System.currentTimeMillis()));
                assertEquals(Reply.Kind.OP_ACK, AckReader.read(socket.next(MerkleReadBack.REPLY_TIMEOUT)).kind());
            }
        }
    }
}
