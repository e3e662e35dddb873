package dev.syncbench;

import dev.syncbench.security.PolicyFile;
import dev.syncbench.store.StoreOpenException;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar syncbench-server.jar [--host H] [--port N] [--node-id ID] [--no-auth]
 * [--cluster-port N --seed-nodes host:port,...]}.
 * Prints exactly one line {@code PORT=<n>} on stdout once listening; logs go to stderr.
 */
public final class Main {
    private static final String USAGE = "usage: java -jar syncbench-server.jar [--host H] [--port N] [--node-id ID] [--no-auth]"
            + " [--cluster-port N --seed-nodes host:port,...]";

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        ServerConfig config;
        try {
            config = parse(args, Config.create());
        } catch (IllegalArgumentException e) {
            System.err.println("syncbench-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        SyncServer server;
        try {
            server = SyncServer.start(config);
        } catch (StoreOpenException | PolicyFile.InvalidFileException e) {
            System.err.println("syncbench-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("PORT=" + server.port());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Command-line flags override config, which environment variables already override. */
    static ServerConfig parse(String[] args, Config config) {
        ServerConfig.Builder builder = ServerConfig.builder(config);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> builder.host(value(args, ++i, "--host"));
                case "--port" -> builder.port(parsePort(value(args, ++i, "--port"), "--port"));
                case "--node-id" -> builder.nodeId(value(args, ++i, "--node-id"));
                case "--no-auth" -> builder.authDisabled(true);
                case "--cluster-port" -> builder.clusterPort(parsePort(value(args, ++i, "--cluster-port"), "--cluster-port"));
                case "--seed-nodes" -> builder.seedNodes(value(args, ++i, "--seed-nodes"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        return builder.build();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int parsePort(String text, String flag) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + text + "'");
        }
    }
}
