package dev.syncbench.simulations.target;

import dev.syncbench.simulations.judging.RunIdentity;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A server started as a child process of this run: the packaged syncbench server
 * ({@code server/target/syncbench-server.jar}, {@code -Dtarget=jar}) in its own JVM (this JDK,
 * {@code -Djar.jvmArgs}, on 127.0.0.1), or any server command ({@code -Dtarget=process
 * -Dserver.command=...}, e.g. TopGun's binary, so both are measured the same way). Either gets the
 * run's JWT secret in {@code JWT_SECRET}, this environment otherwise, and must print
 * {@code PORT=<n>} once listening ({@code --port 0}). Its CPU time is read from the OS, so the run
 * can report server CPU per op; its applied-op count comes from its {@code /metrics} when it has
 * one; its log goes to {@code simulations/target/server-<time>.log}. The jar stores as
 * {@code -Dstorage} says ({@link StorageChoice}; memory unless asked), whatever this environment's
 * STORAGE_BACKEND.
 */
public final class JarTarget implements Target {
    static final String JAR = "server/target/syncbench-server.jar";
    static final String BUILD_IT = "mvn -pl server -am package -DskipTests";
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC);

    private final TargetKind kind;
    private final Process process;
    private final List<String> command;
    private final Path log;
    private final ExternalTarget endpoint;

    private JarTarget(TargetKind kind, Process process, List<String> command, Path log, ExternalTarget endpoint) {
        this.kind = kind;
        this.process = process;
        this.command = command;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** {@code -Dtarget=jar}: the packaged syncbench server, which must be newer than its sources. */
    public static JarTarget start(LoadSettings settings) {
        Path jar = settings.projectDir().resolve(JAR);
        requireFreshJar(jar, settings.projectDir().resolve("server"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(unsafeMemoryAccessAllowed(Runtime.version().feature()));
        command.addAll(Arrays.asList(settings.jarJvmArgs().trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0"));
        return start(TargetKind.JAR, command, settings,
                StorageChoice.fromSystemProperties().jarEnvironment(settings.buildDir()));
    }

    /**
     * msgpack-core reads frames through {@code sun.misc.Unsafe}, which JDK 24 and later warn about at
     * its first use (JEP 498); allowing it keeps msgpack's fast path and the server's log free of the
     * warning. JDK 21 to 23 do not warn (and 21 and 22 do not know the flag), so they get none.
     */
    static List<String> unsafeMemoryAccessAllowed(int jdkFeature) {
        return jdkFeature >= 24 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    /** {@code -Dtarget=process}: {@code -Dserver.command}, split at white space. */
    public static JarTarget startCommand(LoadSettings settings) {
        return start(TargetKind.PROCESS, Arrays.asList(settings.serverCommand().trim().split("\\s+")), settings, Map.of());
    }

    private static JarTarget start(TargetKind kind, List<String> command, LoadSettings settings,
                                   Map<String, String> environment) {
        Path log = settings.buildDir().resolve("server-" + LOG_TIME.format(Instant.now()) + ".log");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("JWT_SECRET", settings.jwtSecret());
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new BadInputException("cannot start the server (" + String.join(" ", command) + "): "
                    + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "syncbench-jar-stop"));
        int port = awaitPort(process, log);
        return new JarTarget(kind, process, command, log,
                ExternalTarget.open(URI.create("ws://127.0.0.1:" + port + "/ws")));
    }

    /** The jar exists and is newer than every server source, else one line saying what to run. */
    static void requireFreshJar(Path jar, Path serverModule) {
        if (!Files.isRegularFile(jar)) {
            throw new BadInputException("-Dtarget=jar needs the packaged server at " + jar + ": build it with `"
                    + BUILD_IT + "`, then rerun");
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            Path newer = newestNewerThan(serverModule.resolve("src").resolve("main"), built);
            if (newer == null && Files.isRegularFile(serverModule.resolve("pom.xml"))
                    && Files.getLastModifiedTime(serverModule.resolve("pom.xml")).compareTo(built) > 0) {
                newer = serverModule.resolve("pom.xml");
            }
            if (newer != null) {
                throw new BadInputException("the server jar " + jar + " is older than " + newer
                        + ": rebuild it with `" + BUILD_IT + "`, then rerun");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot check the server jar " + jar + ": " + e.getMessage());
        }
    }

    private static Path newestNewerThan(Path dir, FileTime time) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> modified(file).compareTo(time) > 0)
                    .findFirst()
                    .orElse(null);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Reads the one {@code PORT=<n>} line the server prints once listening, then keeps draining stdout. */
    static int awaitPort(Process process, Path log) {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("syncbench-jar-stdout").start(() -> {
            try {
                String line;
                while ((line = stdout.readLine()) != null) {
                    if (line.startsWith("PORT=") && !port.isDone()) {
                        port.complete(Integer.parseInt(line.substring("PORT=".length()).trim()));
                    }
                }
                port.completeExceptionally(new IOException("stdout closed"));
            } catch (IOException | NumberFormatException e) {
                port.completeExceptionally(e);
            }
        });
        try {
            return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String how = process.isAlive() ? "did not print PORT= within " + START_TIMEOUT_SECONDS + " s"
                    : "exited with status " + exitValue(process) + " before listening";
            throw new BadInputException("the server process " + how + "; its log " + log + " ends: " + tail(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BadInputException("interrupted while starting the server process");
        }
    }

    private static String exitValue(Process process) {
        try {
            return String.valueOf(process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : "?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                    lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public URI webSocketUrl() {
        return endpoint.webSocketUrl();
    }

    @Override
    public String description() {
        return (kind == TargetKind.JAR ? "server jar" : "server process " + Path.of(command.getFirst()).getFileName()) + ", pid "
                + process.pid() + " (" + endpoint.webSocketUrl() + ")";
    }

    @Override
    public TargetKind kind() {
        return kind;
    }

    @Override
    public String store() {
        return RunIdentity.storeOf(kind);
    }

    @Override
    public OptionalLong opsApplied() {
        return endpoint.opsApplied();
    }

    /** A fresh syncbench server that only this run writes to: its count is asserted. */
    @Override
    public boolean assertsNothingLost() {
        return kind == TargetKind.JAR;
    }

    @Override
    public OptionalLong serverCpuNanos() {
        return ProcessCpu.of(process.pid());
    }

    @Override
    public OptionalLong serverPid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public Map<String, Object> serverProcess() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("pid", process.pid());
        described.put("command", String.join(" ", command));
        described.put("log", log.toString());
        return described;
    }

    /** SIGTERM (the server answers the frames in hand and closes its sockets), then a kill after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
