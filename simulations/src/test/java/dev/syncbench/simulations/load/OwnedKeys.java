package dev.syncbench.simulations.load;

import dev.syncbench.partition.Partitioning;
import dev.syncbench.simulations.wire.KeyPlan;
import java.util.function.LongToIntFunction;

/**
 * Keys chosen so that each connection writes only to partitions its server owns ({@code -Drouting=owner}):
 * op {@code seq} of connection {@code c} writes {@code conn-<c>-<seq>} when that key's partition
 * ({@code fnv1a(key) % 271}) belongs to the connection's server, else the first of
 * {@code conn-<c>-<seq>.1}, {@code .2}, ... that does. Every op still has its own key, and the plan is
 * a pure function of the connection, the op and the partition map read before the load.
 */
public final class OwnedKeys implements KeyPlan {
    /** Far more tries than a server owning one partition in 271 needs (the odds of missing are e^-369). */
    private static final int MAX_TRIES = 100_000;

    private final boolean[][] ownedByServer;
    private final LongToIntFunction serverOf;

    /**
     * @param ownedByServer for each server, which of the 271 partitions it owns
     * @param serverOf the server index a connection is connected to
     */
    public OwnedKeys(boolean[][] ownedByServer, LongToIntFunction serverOf) {
        for (int server = 0; server < ownedByServer.length; server++) {
            if (ownedByServer[server].length != Partitioning.PARTITION_COUNT) {
                throw new IllegalArgumentException("server " + server + " has " + ownedByServer[server].length
                        + " partition flags, not " + Partitioning.PARTITION_COUNT);
            }
            boolean ownsAny = false;
            for (boolean owned : ownedByServer[server]) {
                ownsAny |= owned;
            }
            if (!ownsAny) {
                throw new BadInputException("-Drouting=owner: server " + (server + 1)
                        + " owns no partition, so its connections would have no key to write");
            }
        }
        this.ownedByServer = ownedByServer;
        this.serverOf = serverOf;
    }

    @Override
    public String key(long connection, long seq) {
        boolean[] owned = ownedByServer[serverOf.applyAsInt(connection)];
        String base = "conn-" + connection + "-" + seq;
        if (owned[Partitioning.partitionOf(base)]) {
            return base;
        }
        for (int suffix = 1; suffix <= MAX_TRIES; suffix++) {
            String key = base + "." + suffix;
            if (owned[Partitioning.partitionOf(key)]) {
                return key;
            }
        }
        throw new IllegalStateException("no key of an owned partition for " + base);
    }
}
