package dev.syncbench.simulations.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium run headless on a local page, as a person's browser would open it from the file
 * system: the DOM once the page's scripts have run, and a screenshot. No network, no sandbox (tests
 * run as root), a throw-away profile.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long LIMIT_SECONDS = 90;

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** {@code CHROMIUM} if set, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<HeadlessChromium> find(Path profileDir) {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(new HeadlessChromium(Path.of(configured), profileDir));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, profileDir));
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** A PNG of the page in a window of {@code width} x {@code height}. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("Chromium wrote no screenshot at " + png);
        }
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-background-networking", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(arguments);
        Path errors = Files.createTempFile(profile.getParent(), "chromium", ".log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("Chromium did not finish within " + LIMIT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("Chromium exited with " + process.exitValue() + ": " + Files.readString(errors));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
