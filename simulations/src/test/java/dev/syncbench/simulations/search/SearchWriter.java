package dev.syncbench.simulations.search;

import dev.syncbench.simulations.wire.AckReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * One writer connection's state: it builds OP_BATCH frames of PUTs on the searched map whose values
 * are text, {@code {title, body, n}}, drawn from the {@link Corpus}; every {@code matchEvery}-th op
 * also carries a topic word in its body (the topics taken in turn), which the live subscribers of
 * that topic must receive. Keys and op ids are {@code w<c>-<seq>}, unique per run, so each write
 * is a new record. On the ack of its last batch it tells {@link WrittenMatches} and the corpus.
 * Gatling runs a user's actions one at a time; the ack check runs on the socket's event loop,
 * hence the volatile field that publishes each send.
 */
public final class SearchWriter {
    private static final int TITLE_WORDS = 3;

    private final String mapName;
    private final int batchSize;
    private final int matchEvery;
    private final int wordsPerRecord;
    private final long connection;
    private final String prefix;
    private final String nodeId;
    private final long deadlineNanos;
    private final Corpus corpus;
    private final WrittenMatches matches;
    private final SplittableRandom random;
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private final StringBuilder text = new StringBuilder();
    private long nextSeq;
    private byte[] lastId = new byte[0];
    /** The last batch's matching writes (topic, key) and its words, published by {@link #sentNanos}. */
    private final List<Match> lastMatches = new ArrayList<>();
    private int[] lastWords = new int[0];
    private volatile long sentNanos;

    private record Match(int topic, String key) {
    }

    public SearchWriter(long connection, String mapName, SearchSettings settings, Corpus corpus,
                        WrittenMatches matches, long durationNanos) {
        this.mapName = mapName;
        this.batchSize = settings.common().batchSize();
        this.matchEvery = settings.matchEvery();
        this.wordsPerRecord = settings.wordsPerRecord();
        this.connection = connection;
        this.prefix = "w" + connection + "-";
        this.nodeId = "search-" + connection;
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.corpus = corpus;
        this.matches = matches;
        this.random = new SplittableRandom(0x5EA4C4L + connection);
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** The topic whose word the writer's op {@code seq} carries, or -1 when it carries none. */
    static int topicOf(long connection, long seq, int matchEvery, int topics) {
        if (seq % matchEvery != 0) {
            return -1;
        }
        return (int) ((seq / matchEvery + connection) % topics);
    }

    /** The next batch; matching writes are registered with {@code nowNanos} as their send time. */
    public byte[] nextBatch(long nowNanos) {
        long nowMillis = System.currentTimeMillis();
        lastMatches.clear();
        int[] words = new int[batchSize * (TITLE_WORDS + wordsPerRecord)];
        int wordCount = 0;
        try {
            packer.clear();
            packer.packMapHeader(2);
            packer.packString("type").packString("OP_BATCH");
            packer.packString("payload").packMapHeader(1);
            packer.packString("ops").packArrayHeader(batchSize);
            String id = null;
            for (int i = 0; i < batchSize; i++) {
                long seq = nextSeq++;
                id = prefix + seq;
                packer.packMapHeader(4);
                packer.packString("id").packString(id);
                packer.packString("mapName").packString(mapName);
                packer.packString("key").packString(id);
                packer.packString("record").packMapHeader(2);
                packer.packString("value").packMapHeader(3);
                text.setLength(0);
                for (int w = 0; w < TITLE_WORDS; w++) {
                    words[wordCount++] = appendWord();
                }
                packer.packString("title").packString(text.toString());
                text.setLength(0);
                for (int w = 0; w < wordsPerRecord; w++) {
                    words[wordCount++] = appendWord();
                }
                int topic = topicOf(connection, seq, matchEvery, matches.topics());
                if (topic >= 0) {
                    text.append(' ').append(Corpus.topicWord(topic));
                    lastMatches.add(new Match(topic, id));
                    matches.sent(topic, id, nowNanos);
                }
                packer.packString("body").packString(text.toString());
                packer.packString("n").packLong(seq);
                packer.packString("timestamp").packMapHeader(3);
                packer.packString("millis").packLong(nowMillis);
                packer.packString("counter").packLong(seq & 0xFFFF_FFFFL);
                packer.packString("nodeId").packString(nodeId);
            }
            lastId = id.getBytes(StandardCharsets.UTF_8);
            lastWords = words;
            byte[] frame = packer.toByteArray();
            sentNanos = nowNanos;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int appendWord() {
        int index = random.nextInt(corpus.size());
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(corpus.word(index));
        return index;
    }

    /** True when the frame is the ack of the batch built last; then its writes count as acknowledged. */
    public boolean isAckOfLastBatch(byte[] frame) {
        long published = sentNanos; // read first: makes the last batch's fields visible
        if (published == 0 || !AckReader.isAckFor(frame, lastId, lastId.length)) {
            return false;
        }
        for (Match match : lastMatches) {
            matches.acked(match.topic(), match.key());
        }
        for (int word : lastWords) {
            corpus.markWritten(word);
        }
        return true;
    }

    public long sentNanos() {
        return sentNanos;
    }
}
