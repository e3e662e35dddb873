package dev.syncbench.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The server's counters and its batch-processing latency, exposed as Prometheus text on /metrics.
 * Counters are LongAdders (cheap under contention); latency goes to an HdrHistogram Recorder so
 * writers never block and a scrape reads a consistent snapshot.
 */
public final class ServerMetrics {
    private static final long MAX_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final AtomicLong connectionsActive = new AtomicLong();
    private final LongAdder connectionsTotal = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder opsApplied = new LongAdder();
    private final LongAdder opsRejected = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder slowConsumersClosed = new LongAdder();

    private final JvmGauges jvm = new JvmGauges();

    private final Recorder batchLatency = new Recorder(MAX_TRACKABLE_MICROS, 3);
    private final Histogram batchLatencyTotal = new Histogram(MAX_TRACKABLE_MICROS, 3);

    public void connectionOpened() {
        connectionsActive.incrementAndGet();
        connectionsTotal.increment();
    }

    public void connectionClosed() {
        connectionsActive.decrementAndGet();
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void framesOut(int count) {
        framesOut.add(count);
    }

    public void opsApplied(int count) {
        opsApplied.add(count);
    }

    public void opsRejected(int count) {
        opsRejected.add(count);
    }

    public void ack() {
        acks.increment();
    }

    public void error() {
        errors.increment();
    }

    public void eventSent() {
        eventsSent.increment();
    }

    public void slowConsumerClosed() {
        slowConsumersClosed.increment();
    }

    /** Records how long one CLIENT_OP / OP_BATCH took from decoded frame to queued OP_ACK. */
    public void batchProcessed(long nanos) {
        batchLatency.recordValue(Math.min(MAX_TRACKABLE_MICROS, Math.max(0, nanos / 1_000)));
    }

    public long opsApplied() {
        return opsApplied.sum();
    }

    public long opsRejected() {
        return opsRejected.sum();
    }

    public long acks() {
        return acks.sum();
    }

    public long connectionsActive() {
        return connectionsActive.get();
    }

    /** Batch latency since start; each call folds in what was recorded since the previous one. */
    public synchronized Histogram batchLatencySinceStart() {
        batchLatencyTotal.add(batchLatency.getIntervalHistogram());
        return batchLatencyTotal.copy();
    }

    public String prometheusText() {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "syncbench_connections_active", "Open WebSocket connections.", connectionsActive.get());
        counter(out, "syncbench_connections_total", "WebSocket connections accepted.", connectionsTotal.sum());
        counter(out, "syncbench_frames_in_total", "Frames received.", framesIn.sum());
        counter(out, "syncbench_frames_out_total", "Frames sent.", framesOut.sum());
        counter(out, "syncbench_ops_applied_total", "Write ops merged (including writes that lost to a newer one).", opsApplied.sum());
        counter(out, "syncbench_ops_rejected_total", "Write ops rejected with OP_REJECTED.", opsRejected.sum());
        counter(out, "syncbench_acks_total", "OP_ACK messages sent.", acks.sum());
        counter(out, "syncbench_errors_total", "ERROR messages sent.", errors.sum());
        counter(out, "syncbench_events_sent_total", "Live events (SERVER_EVENT, QUERY_UPDATE, TOPIC_MESSAGE...) queued to subscribers.", eventsSent.sum());
        counter(out, "syncbench_slow_consumers_closed_total", "Connections closed because their outbound queue was full.", slowConsumersClosed.sum());
        gauge(out, "syncbench_jvm_heap_after_gc_bytes", "Heap in use right after the latest garbage collection (-1 before the first).", jvm.heapAfterGcBytes());
        gauge(out, "syncbench_jvm_threads", "Live platform threads of the server's JVM.", jvm.platformThreads());

        Histogram latency = batchLatencySinceStart();
        String name = "syncbench_batch_latency_us";
        out.append("# HELP ").append(name).append(" Server-side processing time of one write request, microseconds.\n");
        out.append("# TYPE ").append(name).append(" summary\n");
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
            out.append(name).append("{quantile=\"").append(q).append("\"} ")
                    .append(latency.getValueAtPercentile(q * 100)).append('\n');
        }
        out.append(name).append("_count ").append(latency.getTotalCount()).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "counter", value);
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "gauge", value);
    }

    private static void metric(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }
}
