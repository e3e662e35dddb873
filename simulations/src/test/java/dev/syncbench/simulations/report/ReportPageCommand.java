package dev.syncbench.simulations.report;

import java.nio.file.Path;

/**
 * Rebuilds {@code reports/index.html} from the archived JSON summaries, without running anything:
 * {@code mvn -pl simulations test-compile exec:java} (the build sets {@code syncbench.root}).
 * Arguments, both optional: the reports folder and the baseline file.
 */
public final class ReportPageCommand {
    private ReportPageCommand() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("syncbench.root", ".")).toAbsolutePath().normalize();
        Path reports = args.length > 0 ? Path.of(args[0]) : root.resolve("reports");
        Path baseline = args.length > 1 ? Path.of(args[1]) : root.resolve("baseline.json");
        Path page = ReportPage.write(reports, baseline);
        System.out.println("syncbench: every archived run: " + page);
    }
}
