package dev.syncbench.simulations.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void theVocabularyIsDistinctLettersOnlyAndTheSameForASeed() {
        List<String> words = Corpus.generate(300, 11);
        assertEquals(300, new HashSet<>(words).size());
        assertTrue(words.stream().allMatch(word -> word.matches("[a-z]{4,6}")), words.toString());
        assertEquals(words, Corpus.generate(300, 11));
        assertFalse(words.contains(Corpus.topicWord(0)));
    }

    @Test
    void searchersGetOnlyWordsOfAcknowledgedWrites() {
        Corpus corpus = new Corpus(50, 1);
        SplittableRandom random = new SplittableRandom(2);
        assertFalse(corpus.anyWritten());
        assertNull(corpus.randomWrittenWord(random));
        corpus.markWritten(7);
        corpus.markWritten(9);
        corpus.markWritten(7);
        assertTrue(corpus.anyWritten());
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            picked.add(corpus.randomWrittenWord(random));
        }
        assertEquals(Set.of(corpus.word(7), corpus.word(9)), picked);
    }
}
