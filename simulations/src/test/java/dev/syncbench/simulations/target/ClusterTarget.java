package dev.syncbench.simulations.target;

import dev.syncbench.simulations.judging.RunIdentity;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code -Dtarget=cluster}: {@code cluster.members} servers from the packaged jar, each in its own JVM
 * on loopback with its own client and cluster port, every member a seed, started one after another;
 * the target is ready once a member's partition map lists every member active and every partition
 * owned and backed up. The members store as {@code -Dstorage} says, RocksDB in a directory each
 * (PostgreSQL is refused: they would share one table). CPU per op is the members' CPU added up. A
 * member can be killed ({@code kill -9}) and started again on its ports, as the failover run does.
 * Logs go to {@code simulations/target/cluster-<time>/member-<n>.log}.
 */
public final class ClusterTarget implements Target {
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MAP_POLL = Duration.ofMillis(250);
    private static final DateTimeFormatter DIR_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC);

    private final LoadSettings settings;
    private final ClusterSettings cluster;
    private final Path dir;
    private final String token;
    private final List<Member> members = new ArrayList<>();

    /** One member: how it is started (always the same ports), and its current process. */
    private static final class Member {
        final String nodeId;
        final int clientPort;
        final List<String> command;
        final Map<String, String> environment;
        final Path log;
        volatile Process process;

        Member(String nodeId, int clientPort, List<String> command, Map<String, String> environment, Path log) {
            this.nodeId = nodeId;
            this.clientPort = clientPort;
            this.command = command;
            this.environment = environment;
            this.log = log;
        }

        URI url() {
            return URI.create("ws://127.0.0.1:" + clientPort + "/ws");
        }
    }

    private ClusterTarget(LoadSettings settings, ClusterSettings cluster, Path dir) {
        this.settings = settings;
        this.cluster = cluster;
        this.dir = dir;
        this.token = new Tokens(settings.jwtSecret()).forConnection(0);
    }

    public static ClusterTarget start(LoadSettings settings, ClusterSettings cluster) {
        Path jar = settings.projectDir().resolve(JarTarget.JAR);
        JarTarget.requireFreshJar(jar, settings.projectDir().resolve("server"));
        StorageChoice storage = StorageChoice.fromSystemProperties();
        if (storage.backend().equals("postgres")) {
            throw new BadInputException("-Dtarget=cluster cannot use -Dstorage=postgres: its members would share one "
                    + "table; use -Dstorage=memory or rocksdb (a directory per member)");
        }
        Path dir = settings.buildDir().resolve("cluster-" + DIR_TIME.format(Instant.now()));
        ClusterTarget target = new ClusterTarget(settings, cluster, dir);
        try {
            Files.createDirectories(dir);
            int[] clientPorts = new int[cluster.members()];
            int[] clusterPorts = new int[cluster.members()];
            Set<Integer> chosen = new HashSet<>();
            for (int m = 0; m < cluster.members(); m++) {
                clientPorts[m] = freePort(chosen);
                clusterPorts[m] = freePort(chosen);
            }
            String seeds = Arrays.stream(clusterPorts).mapToObj(port -> "127.0.0.1:" + port)
                    .collect(Collectors.joining(","));
            for (int m = 0; m < cluster.members(); m++) {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(JarTarget.unsafeMemoryAccessAllowed(Runtime.version().feature()));
                command.addAll(Arrays.asList(settings.jarJvmArgs().trim().split("\\s+")));
                command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1",
                        "--port", String.valueOf(clientPorts[m]), "--cluster-port", String.valueOf(clusterPorts[m]),
                        "--seed-nodes", seeds, "--node-id", "member-" + (m + 1)));
                Map<String, String> environment = new LinkedHashMap<>(storage.jarEnvironment(dir));
                environment.put("JWT_SECRET", settings.jwtSecret());
                environment.put("CLUSTER_BACKUP_COUNT", String.valueOf(cluster.backups()));
                target.members.add(new Member("member-" + (m + 1), clientPorts[m], List.copyOf(command),
                        Map.copyOf(environment), dir.resolve("member-" + (m + 1) + ".log")));
            }
            // The first forms the cluster; the others join it one after the other.
            for (int m = 0; m < cluster.members(); m++) {
                target.launch(m);
            }
            target.awaitFormed();
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e instanceof BadInputException bad ? bad
                    : new BadInputException("cannot start the cluster: " + e.getMessage());
        }
        return target;
    }

    /** Starts member {@code m} on its ports and waits until it prints {@code PORT=} (it has read the cluster's records). */
    private void launch(int m) throws IOException {
        Member member = members.get(m);
        ProcessBuilder builder = new ProcessBuilder(member.command)
                .redirectError(ProcessBuilder.Redirect.appendTo(member.log.toFile()));
        builder.environment().remove("SEED_NODES");
        builder.environment().remove("PORT");
        builder.environment().putAll(member.environment);
        Process process = builder.start();
        process.getOutputStream().close();
        member.process = process;
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "syncbench-cluster-stop"));
        int port = JarTarget.awaitPort(process, member.log);
        if (port != member.clientPort) {
            throw new BadInputException(member.nodeId + " listens on " + port + ", not on its port " + member.clientPort);
        }
    }

    private void awaitFormed() {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        PartitionOwners last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                last = partitionMap(0);
                if (last.formed(cluster.members(), cluster.backups())) {
                    return;
                }
            } catch (BadInputException notYet) {
                // ask again
            }
            sleep(MAP_POLL);
        }
        throw new BadInputException("the cluster did not form within " + FORM_TIMEOUT.toSeconds() + " s (every member "
                + "active, every partition owned and backed up " + cluster.backupsPerPartition() + " times); last map: "
                + (last == null ? "none" : last.asMap()) + "; logs in " + dir);
    }

    /** How many members the cluster was started with. */
    public int size() {
        return members.size();
    }

    /** The node id member {@code m} (0-based) has in the partition map. */
    public String nodeId(int m) {
        return members.get(m).nodeId;
    }

    /** {@code kill -9} of member {@code m}: no goodbye to the cluster. */
    public void kill(int m) {
        Process process = members.get(m).process;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts member {@code m} again on the same ports; a {@link BadInputException} when it does not come up. */
    public void restart(int m) {
        try {
            launch(m);
        } catch (IOException e) {
            throw new BadInputException(nodeId(m) + " could not be started again: " + e.getMessage());
        }
    }

    /** Member {@code m}'s partition map; a {@link BadInputException} when it does not answer with one. */
    public PartitionOwners partitionMap(int m) {
        return PartitionOwners.request(members.get(m).url(), token).orElseThrow(() ->
                new BadInputException(nodeId(m) + " answered no PARTITION_MAP"));
    }

    /** The partition map of the first member that is running. */
    public PartitionOwners partitionMap() {
        for (int m = 0; m < members.size(); m++) {
            Process process = members.get(m).process;
            if (process != null && process.isAlive()) {
                return partitionMap(m);
            }
        }
        throw new BadInputException("no member of the cluster is running");
    }

    @Override
    public URI webSocketUrl() {
        return members.getFirst().url();
    }

    @Override
    public List<URI> webSocketUrls() {
        return members.stream().map(Member::url).toList();
    }

    /** Every member keeps a full replica. */
    @Override
    public boolean eachServerHoldsEverything() {
        return true;
    }

    @Override
    public String description() {
        return "cluster of " + members.size() + " members from the server jar, " + cluster.backups() + " backup"
                + (cluster.backups() == 1 ? "" : "s") + " " + webSocketUrls();
    }

    @Override
    public TargetKind kind() {
        return TargetKind.CLUSTER;
    }

    @Override
    public String store() {
        return RunIdentity.storeOf(TargetKind.CLUSTER);
    }

    /** Judged by its read-back: a member's count is of its own clients' ops only. */
    @Override
    public OptionalLong opsApplied() {
        return OptionalLong.empty();
    }

    @Override
    public boolean assertsNothingLost() {
        return false;
    }

    /** The running members' CPU time added up; empty if the OS does not tell for one of them. */
    @Override
    public OptionalLong serverCpuNanos() {
        long sum = 0;
        for (Member member : members) {
            Process process = member.process;
            if (process == null || !process.isAlive()) {
                continue;
            }
            OptionalLong cpu = ProcessCpu.of(process.pid());
            if (cpu.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += cpu.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    @Override
    public Map<String, Object> serverProcess() {
        Map<String, Object> described = new LinkedHashMap<>();
        for (Member member : members) {
            Process process = member.process;
            described.put(member.nodeId, Map.of("pid", process == null ? -1 : process.pid(),
                    "command", String.join(" ", member.command), "log", member.log.toString()));
        }
        return described;
    }

    /** SIGTERM to every member (each leaves gracefully), then a kill for any still running after 20 s. */
    @Override
    public void close() {
        for (Member member : members) {
            if (member.process != null) {
                member.process.destroy();
            }
        }
        for (Member member : members) {
            Process process = member.process;
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * A port free to listen on, chosen below the OS's ephemeral range (32768 and up on Linux, 49152
     * and up elsewhere): a member's outgoing connections to seeds not yet started take ephemeral
     * ports, and one of them could take a port picked from that range before its member listens on it.
     */
    static int freePort(Set<Integer> chosen) throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            if (!chosen.contains(port) && canListenOn(port)) {
                chosen.add(port);
                return port;
            }
        }
        throw new IOException("no free port between 20000 and 32767");
    }

    private static boolean canListenOn(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
