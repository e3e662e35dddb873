package dev.syncbench.simulations.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The search run's parameters: read from {@code -Dsearch.*}, and refused when a live search could not keep up. */
class SearchSettingsTest {
    private static final List<String> PROPERTIES = List.of("search.writers", "search.topics", "search.matchEvery",
            "search.searchers", "duration");

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void theDefaultsFitALiveSearchLimit() {
        SearchSettings settings = SearchSettings.fromSystemProperties();
        assertEquals(4, settings.writers());
        assertEquals(4, settings.searchers());
        assertEquals(10, settings.subscribers());
        assertEquals(800.0, settings.offeredWritesPerSec());
        assertEquals(484, SearchSettings.mostMatchesPerTopic(30, 50, 10, 4, 5, 10));
    }

    @Test
    void readsItsOwnPropertiesNotTheFanOuts() {
        System.setProperty("search.writers", "2");
        System.setProperty("search.searchers", "0");
        SearchSettings settings = SearchSettings.fromSystemProperties();
        assertEquals(2, settings.writers());
        assertEquals(0, settings.searchers());
        assertEquals(2, settings.asMap().get("writers"));
    }

    @Test
    void aBadNumberIsNamedWithItsRange() {
        System.setProperty("search.writers", "many");
        BadInputException e = assertThrows(BadInputException.class, SearchSettings::fromSystemProperties);
        assertTrue(e.getMessage().contains("-Dsearch.writers=many is not a whole number"), e.getMessage());
    }

    @Test
    void moreMatchesPerTopicThanALiveSearchKeepsAreRefusedWithTheRemedy() {
        System.setProperty("duration", "600");
        BadInputException e = assertThrows(BadInputException.class, SearchSettings::fromSystemProperties);
        assertTrue(e.getMessage().contains("up to 9604 writes"), e.getMessage());
        assertTrue(e.getMessage().contains("raise -Dsearch.topics (10) or -Dsearch.matchEvery (5)"), e.getMessage());
        System.setProperty("search.topics", "200");
        assertEquals(200, SearchSettings.fromSystemProperties().topics());
    }

    @Test
    void writersNeedAnIntervalToWriteAtAFixedRate() {
        LoadSettings unpaced = new LoadSettings(200, 30, 0, 10, 50, null, "s", Path.of("baseline.json"), null,
                Path.of("reports"), Path.of("."));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SearchSettings(unpaced, 4, 4, 10, 10, 5, 300, 8, 10, 30));
        assertTrue(e.getMessage().contains("-Dinterval=0"), e.getMessage());
    }
}
