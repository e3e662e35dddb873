package dev.syncbench.bench;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.OpBatch;
import dev.syncbench.protocol.ServerMessage;
import dev.syncbench.service.ClientSession;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.MemoryRecordStore;

/**
 * Heap bytes per stored LWW record: writes N records (default 1,000,000) through the real write
 * path, as 200 load-harness connections would, and divides the retained heap growth by N.
 * {@code java -cp <test classpath> dev.syncbench.bench.RecordFootprint [records]}
 */
public final class RecordFootprint {
    private RecordFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int connections = 200;
        MessageCodec codec = new MessageCodec();
        MemoryRecordStore store = new MemoryRecordStore();
        WriteService writes = new WriteService(store, new PartitionTable(), new Hlc("footprint"), new ServerMetrics(), 1 << 20);
        ClientSession session = new ClientSession() {
            @Override
            public long id() {
                return 1;
            }

            @Override
            public String userId() {
                return "footprint";
            }

            @Override
            public void send(ServerMessage message) {
            }

            @Override
            public void sendEvent(byte[] frame) {
            }
        };

        long before = usedHeapAfterGc();
        long millis = System.currentTimeMillis();
        int perConnection = records / connections;
        for (int seq = 1; seq <= perConnection; seq += HotPathBenchmark.BATCH_SIZE) {
            for (int c = 0; c < connections; c++) {
                OpBatch batch = (OpBatch) codec.decode(BenchFrames.opBatch(c, seq, HotPathBenchmark.BATCH_SIZE, millis));
                writes.write(session, batch.ops(), null);
            }
        }
        long after = usedHeapAfterGc();
        long stored = store.lwwRecordCount();
        System.out.printf("records=%d heapBytes=%d bytesPerRecord=%.1f%n", stored, after - before, (after - before) / (double) stored);
        if (store.getLww("bench", "conn-0-1") == null) {
            throw new IllegalStateException("records were not stored");
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
