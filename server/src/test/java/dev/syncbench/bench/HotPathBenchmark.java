package dev.syncbench.bench;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.OpBatch;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.protocol.Search;
import dev.syncbench.protocol.SearchOptions;
import dev.syncbench.protocol.ServerMessage;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.service.ChangeListener;
import dev.syncbench.service.ClientSession;
import dev.syncbench.service.QueryService;
import dev.syncbench.service.SearchService;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.sync.MerkleIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's hot path without the network: decode an OP_BATCH of 10 PUTs, merge them into the
 * partitioned store, encode the OP_ACK. Reported per op (10 per invocation). Run with -t 1 and -t 2
 * and iterations of 1 s: every write must be new (a repeated one is a cheaper no-op merge), so each
 * thread has a fixed supply of distinct frames and the run fails rather than reuse one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(HotPathBenchmark.BATCH_SIZE)
public class HotPathBenchmark {
    static final int BATCH_SIZE = 10;
    private static final int FRAMES_PER_THREAD = 300_000;

    /**
     * One server core shared by all benchmark threads, fresh for each iteration. {@code services}
     * wires the Merkle index, the query service and the search service as the server does (with
     * nobody syncing, subscribing or searching), so one run compares the write path with and without
     * them; {@code searched} is {@code all} with the written map searched once, so every write also
     * updates its full-text index. {@code value=text} gives each record eight words to index.
     */
    @State(Scope.Benchmark)
    public static class Server {
        final MessageCodec codec = new MessageCodec();
        final AtomicInteger threads = new AtomicInteger();
        WriteService writes;
        SearchService search;

        @Param({"none", "all", "searched"})
        public String services;

        @Param({"number", "text"})
        public String value;

        @Setup(Level.Iteration)
        public void freshStore() throws ProtocolException {
            MemoryRecordStore store = new MemoryRecordStore();
            PartitionTable partitions = new PartitionTable();
            writes = new WriteService(store, partitions, new Hlc("bench-server"), new ServerMetrics(), 1 << 20);
            if (!services.equals("none")) {
                search = new SearchService(store, partitions, codec, Clock.systemUTC(), null, Duration.ofMinutes(10));
                writes.setChangeListener(ChangeListener.all(new MerkleIndex(store, partitions),
                        new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC()), search));
            }
            if (services.equals("searched")) {
                // connection 0's keys are no benchmark thread's: a first record, then the search that indexes the map
                OpBatch first = (OpBatch) codec.decode(BenchFrames.opBatch(0, 1, 1, System.currentTimeMillis(), true));
                writes.write(DISCARD, first.ops(), first.writeConcern());
                search.search(DISCARD, new Search("bench", "bench", "alpha", SearchOptions.DEFAULTS));
                if (!search.isIndexed("bench")) {
                    throw new IllegalStateException("the search did not index map bench");
                }
            }
        }

        @TearDown(Level.Iteration)
        public void closeSearch() {
            if (search != null) {
                search.close();
                search = null;
            }
        }
    }

    /** A session whose replies go nowhere, for the setup's own requests. */
    private static final ClientSession DISCARD = new ClientSession() {
        @Override
        public long id() {
            return 0;
        }

        @Override
        public String userId() {
            return "bench-setup";
        }

        @Override
        public void send(ServerMessage message) {
        }

        @Override
        public void sendEvent(byte[] frame) {
        }
    };

    /** A connection: its own pre-encoded frames (distinct keys) and a session that encodes acks. */
    @State(Scope.Thread)
    public static class Connection implements ClientSession {
        byte[][] frames;
        int next;
        MessageCodec codec;
        Blackhole sink;

        @Setup(Level.Trial)
        public void encodeFrames(Server server) {
            int connection = server.threads.incrementAndGet();
            long millis = System.currentTimeMillis();
            frames = new byte[FRAMES_PER_THREAD][];
            for (int i = 0; i < FRAMES_PER_THREAD; i++) {
                frames[i] = BenchFrames.opBatch(connection, i * BATCH_SIZE + 1, BATCH_SIZE, millis,
                        server.value.equals("text"));
            }
            codec = server.codec;
        }

        @Setup(Level.Iteration)
        public void rewind() {
            next = 0;
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public String userId() {
            return "bench";
        }

        @Override
        public void send(ServerMessage message) {
            sink.consume(codec.encode(message));
        }

        @Override
        public void sendEvent(byte[] frame) {
            sink.consume(frame);
        }
    }

    @Benchmark
    public void opBatchToAck(Server server, Connection connection, Blackhole blackhole) throws ProtocolException {
        connection.sink = blackhole;
        if (connection.next == FRAMES_PER_THREAD) {
            throw new IllegalStateException("out of distinct frames: use shorter iterations (-r 1s -w 1s)");
        }
        byte[] frame = connection.frames[connection.next++];
        OpBatch batch = (OpBatch) server.codec.decode(frame);
        server.writes.write(connection, batch.ops(), batch.writeConcern());
    }
}
