package dev.syncbench.simulations.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Description" of Gatling's report, filled in with what the run was: target, store, baseline
 * profile and commit, and, in the archived copy, links to syncbench's µs figures and every run.
 * Gatling fixes the description from its command line before the simulation starts, and the target,
 * the profile chosen by cores and the store are known only once it has, so the report is completed
 * once Gatling has written it.
 */
final class GatlingRunDescription {
    private static final Pattern DESCRIPTION =
            Pattern.compile("(Description: </span>\\s*<span>)(.*?)(</span>)", Pattern.DOTALL);
    private static final String NONE = "&mdash;";

    private GatlingRunDescription() {
    }

    /** The run in one line, from its summary's provenance. */
    static String of(Map<String, Object> summary) {
        Map<?, ?> provenance = summary.get("provenance") instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> baseline = provenance.get("baseline") instanceof Map<?, ?> map ? map : Map.of();
        return summary.get("mode") + " against " + provenance.get("target") + " · store " + provenance.get("store")
                + " · baseline profile " + baseline.get("profile") + " · commit " + provenance.get("git_commit");
    }

    /**
     * Writes {@code description} (plain text) and {@code linksHtml} (trusted HTML, may be empty) into the
     * report's description, after a description given on Gatling's command line; false when the report
     * has no description field.
     */
    static boolean writeInto(Path reportIndex, String description, String linksHtml) throws IOException {
        String html = Files.readString(reportIndex, StandardCharsets.UTF_8);
        Matcher matcher = DESCRIPTION.matcher(html);
        if (!matcher.find()) {
            return false;
        }
        String given = matcher.group(2).trim();
        String ours = escape(description) + (linksHtml.isEmpty() ? "" : " · " + linksHtml);
        String filled = given.isEmpty() || given.equals(NONE) ? ours : given + " · " + ours;
        String updated = html.substring(0, matcher.start(2)) + filled + html.substring(matcher.end(2));
        Files.writeString(reportIndex, updated, StandardCharsets.UTF_8);
        return true;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
