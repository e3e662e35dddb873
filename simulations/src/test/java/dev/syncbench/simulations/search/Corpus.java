package dev.syncbench.simulations.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The words records are written with: a vocabulary of generated words (consonant-vowel syllables,
 * letters only, so the server's tokenizer keeps each whole) and the topic words {@code topic<i>}
 * (with a digit, so no vocabulary word is one). It also remembers which vocabulary words are in an
 * acknowledged write, so searchers only ask for terms the server must find.
 */
public final class Corpus {
    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    private final List<String> words;
    private final AtomicIntegerArray written;
    /** Indices of written words in the order they were first acknowledged; guarded by this. */
    private final int[] writtenOrder;
    private int writtenCount;

    public Corpus(int size, long seed) {
        this.words = generate(size, seed);
        this.written = new AtomicIntegerArray(size);
        this.writtenOrder = new int[size];
    }

    /** {@code size} distinct words of two or three syllables, the same for the same seed. */
    static List<String> generate(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> unique = new LinkedHashSet<>();
        while (unique.size() < size) {
            int syllables = 2 + random.nextInt(2);
            StringBuilder word = new StringBuilder(syllables * 2);
            for (int i = 0; i < syllables; i++) {
                word.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())))
                        .append(VOWELS.charAt(random.nextInt(VOWELS.length())));
            }
            unique.add(word.toString());
        }
        return List.copyOf(new ArrayList<>(unique));
    }

    public static String topicWord(int topic) {
        return "topic" + topic;
    }

    public int size() {
        return words.size();
    }

    public String word(int index) {
        return words.get(index);
    }

    /** The word at {@code index} is in an acknowledged write. */
    public void markWritten(int index) {
        if (written.compareAndSet(index, 0, 1)) {
            synchronized (this) {
                writtenOrder[writtenCount++] = index;
            }
        }
    }

    /** Whether any word is in an acknowledged write yet. */
    public synchronized boolean anyWritten() {
        return writtenCount > 0;
    }

    /** A word picked at random among those in acknowledged writes; null when there is none yet. */
    public synchronized String randomWrittenWord(SplittableRandom random) {
        return writtenCount == 0 ? null : words.get(writtenOrder[random.nextInt(writtenCount)]);
    }
}
