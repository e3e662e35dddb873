package dev.syncbench.simulations.search;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The search run's parameters: the shared ones ({@code duration}, {@code interval}, {@code batchSize},
 * {@code target}, baseline and reports locations) from {@link LoadSettings}, plus its own
 * {@code search.*} ones, so that {@code -Dwriters} given for the fan-out does not change this run.
 *
 * @param common the parameters every simulation reads ({@code connections} and {@code window} are unused here)
 * @param writers Gatling users writing one batch every {@code interval} ms (a fixed rate) to the searched map
 * @param searchers Gatling users issuing SEARCH with terms of acknowledged writes, one at a time
 * @param subscribers connections holding a SEARCH_SUB on one topic word each, opened before the writers start
 *        (0: nobody holds a live search, so the map is indexed only if searchers search it)
 * @param topics how many topic words the writers spread their matching writes over (subscriber i watches topic i % topics)
 * @param matchEvery every {@code matchEvery}-th write of a writer carries a topic word
 * @param vocabulary how many generated words the record texts are drawn from
 * @param wordsPerRecord words in a record's {@code body} (its {@code title} has three)
 * @param searchPauseMs each searcher's pause after an answer
 * @param drainSecs how long after the writers stop subscribers may take to receive the last updates
 */
public record SearchSettings(LoadSettings common, int writers, int searchers, int subscribers, int topics,
                             int matchEvery, int vocabulary, int wordsPerRecord, int searchPauseMs, int drainSecs) {
    /** Every live search asks for the most hits the server keeps current (PROTOCOL.md §11). */
    public static final int LIVE_LIMIT = 1000;

    public SearchSettings {
        if (common.intervalMs() < 1) {
            throw new BadInputException("-Dinterval=0: the search writers write at a fixed rate, one batch every "
                    + "interval ms, so it must be at least 1");
        }
        long most = mostMatchesPerTopic(common.durationSecs(), common.intervalMs(), common.batchSize(), writers,
                matchEvery, topics);
        if (most > LIVE_LIMIT) {
            throw new BadInputException(String.format(Locale.ROOT, "with these parameters a topic could be matched "
                    + "by up to %d writes, but a live search keeps only its best %d hits current: raise "
                    + "-Dsearch.topics (%d) or -Dsearch.matchEvery (%d), or write less (-Dduration, -Dinterval, "
                    + "-DbatchSize, -Dsearch.writers)", most, LIVE_LIMIT, topics, matchEvery));
        }
    }

    public static SearchSettings fromSystemProperties() {
        return new SearchSettings(
                LoadSettings.fromSystemProperties(),
                SystemProperties.intProperty("search.writers", 4, 1, 1_000),
                SystemProperties.intProperty("search.searchers", 4, 0, 1_000),
                SystemProperties.intProperty("search.subscribers", 10, 0, 1_000),
                SystemProperties.intProperty("search.topics", 10, 1, 10_000),
                SystemProperties.intProperty("search.matchEvery", 5, 1, 1_000_000),
                SystemProperties.intProperty("search.vocabulary", 300, 10, 5_000),
                SystemProperties.intProperty("search.words", 8, 1, 200),
                SystemProperties.intProperty("search.pause", 10, 0, 60_000),
                SystemProperties.intProperty("search.drain", 30, 1, 600));
    }

    /**
     * The most writes that can carry one topic word: each writer sends at most one batch per
     * interval (and one at the start), every {@code matchEvery}-th op matches, spread evenly
     * over the topics.
     */
    static long mostMatchesPerTopic(int durationSecs, int intervalMs, int batchSize, int writers, int matchEvery,
                                    int topics) {
        long batches = durationSecs * 1000L / intervalMs + 1;
        long matchingPerWriter = ceilDiv(batches * batchSize, matchEvery);
        return writers * ceilDiv(matchingPerWriter, topics);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Write ops per second the writers offer. */
    public double offeredWritesPerSec() {
        return writers * common.batchSize() * 1000.0 / common.intervalMs();
    }

    /** The parameters as they go into the JSON summary. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("writers", writers);
        map.put("searchers", searchers);
        map.put("subscribers", subscribers);
        map.put("topics", topics);
        map.put("match_every", matchEvery);
        map.put("vocabulary", vocabulary);
        map.put("words_per_record", wordsPerRecord);
        map.put("search_pause_ms", searchPauseMs);
        map.put("duration_secs", common.durationSecs());
        map.put("interval_ms", common.intervalMs());
        map.put("batch_size", common.batchSize());
        map.put("drain_secs", drainSecs);
        map.put("baseline_profile", common.baselineProfile() == null ? "default" : common.baselineProfile());
        return map;
    }
}
