package dev.syncbench.simulations.search;

import java.util.SplittableRandom;

/**
 * One searcher connection's state: it builds SEARCH frames for one or two words of acknowledged
 * writes (OR-ed, Lucene's default), so each must find at least one record, and recognises the
 * SEARCH_RESP (or the ERROR) naming its last request. Gatling runs a user's actions one at a
 * time; the check runs on the socket's event loop, hence the volatile field that publishes each send.
 */
public final class Searcher {
    private final String mapName;
    private final String prefix;
    private final long deadlineNanos;
    private final Corpus corpus;
    private final SearchMetrics metrics;
    private final SplittableRandom random;
    private long nextRequest;
    private String lastId = "";
    private volatile long sentNanos;

    public Searcher(long connection, String mapName, Corpus corpus, SearchMetrics metrics, long durationNanos) {
        this.mapName = mapName;
        this.prefix = "s" + connection + "-";
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.corpus = corpus;
        this.metrics = metrics;
        this.random = new SplittableRandom(0xCAFEL + connection);
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** Whether a write has been acknowledged, so there are terms to search for. */
    public boolean hasTerms() {
        return corpus.anyWritten();
    }

    /** The next SEARCH, sent at {@code nowNanos}. */
    public byte[] nextSearch(long nowNanos) {
        String query = corpus.randomWrittenWord(random);
        if (random.nextBoolean()) {
            query = query + " " + corpus.randomWrittenWord(random);
        }
        lastId = prefix + nextRequest++;
        byte[] frame = SearchFrames.search(lastId, mapName, query);
        sentNanos = nowNanos;
        return frame;
    }

    /**
     * True when the frame answers the last search: its SEARCH_RESP, timed and counted with its
     * hits, or an ERROR naming it, counted as an error. Any other frame is noted and not an answer.
     */
    public boolean isAnswer(byte[] frame, long nowNanos) {
        long sent = sentNanos; // read first: makes lastId visible
        SearchFrames.Inbound inbound = SearchFrames.read(frame);
        if (sent != 0 && inbound.type().equals(SearchFrames.SEARCH_RESP) && lastId.equals(inbound.id())) {
            metrics.searchAnswered(nowNanos, sent, inbound.keys().size());
            return true;
        }
        if (sent != 0 && inbound.type().equals(SearchFrames.ERROR) && lastId.equals(inbound.id())) {
            metrics.searchFailed(inbound.description());
            return true;
        }
        metrics.otherFrame("to a searcher: " + inbound.description());
        return false;
    }
}
