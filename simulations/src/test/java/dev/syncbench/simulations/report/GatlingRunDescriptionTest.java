package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gatling's report names what ran: target, store, profile, commit, and links to syncbench's figures. */
class GatlingRunDescriptionTest {
    private static final String GATLING_FRAGMENT = """
            <span class="simulation-information-item">
              <span class="simulation-information-label">Description: </span>
              <span>%s</span>
            </span>
            """;

    @TempDir
    Path dir;

    @Test
    void theDescriptionNamesTargetStoreProfileAndCommit() {
        Map<String, Object> summary = Map.of("mode", "fire-and-wait", "provenance", Map.of(
                "target", "server jar, pid 7", "store", "memory", "git_commit", "1b34a4e90a89",
                "baseline", Map.of("profile", "ci-2core")));
        assertEquals("fire-and-wait against server jar, pid 7 · store memory · baseline profile ci-2core · commit "
                + "1b34a4e90a89", GatlingRunDescription.of(summary));
    }

    @Test
    void gatlingsEmptyDescriptionIsReplacedAndAGivenOneKept() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.html"), GATLING_FRAGMENT.formatted("&mdash;"));
        assertTrue(GatlingRunDescription.writeInto(empty, "a <b> run", "<a href=\"../index.html\">all</a>"));
        assertTrue(Files.readString(empty).contains("<span>a &lt;b&gt; run · <a href=\"../index.html\">all</a></span>"),
                Files.readString(empty));

        Path given = Files.writeString(dir.resolve("given.html"), GATLING_FRAGMENT.formatted("nightly"));
        GatlingRunDescription.writeInto(given, "ours", "");
        assertTrue(Files.readString(given).contains("<span>nightly · ours</span>"), Files.readString(given));
    }

    @Test
    void aPageWithoutADescriptionIsLeftAlone() throws Exception {
        Path page = Files.writeString(dir.resolve("other.html"), "<html></html>");
        assertFalse(GatlingRunDescription.writeInto(page, "ours", ""));
        assertEquals("<html></html>", Files.readString(page));
    }
}
