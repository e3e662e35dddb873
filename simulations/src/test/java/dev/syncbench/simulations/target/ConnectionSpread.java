package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.OwnedKeys;
import dev.syncbench.simulations.load.Routing;
import dev.syncbench.simulations.wire.KeyPlan;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the connections of a run meet the target's servers: connection {@code c} (Gatling counts from
 * 1) opens server {@code (c - 1) mod n}; with {@code -Drouting=owner} each connection writes only keys
 * whose partition its server owns ({@link OwnedKeys}), from the partition map the first server gives
 * before the load.
 */
public final class ConnectionSpread {
    private final List<URI> urls;
    private final Routing routing;
    private final KeyPlan keys;
    private final PartitionOwners map;
    private final List<String> nodes;

    private ConnectionSpread(List<URI> urls, Routing routing, KeyPlan keys, PartitionOwners map, List<String> nodes) {
        this.urls = urls;
        this.routing = routing;
        this.keys = keys;
        this.map = map;
        this.nodes = nodes;
    }

    /** The spread over {@code target}'s servers; owner routing asks the first for its map with {@code token}. */
    public static ConnectionSpread of(Target target, Routing routing, String token) {
        List<URI> urls = target.webSocketUrls();
        if (routing == Routing.ROUND_ROBIN) {
            return new ConnectionSpread(urls, routing, KeyPlan.SEQUENTIAL, null, List.of());
        }
        URI first = urls.getFirst();
        PartitionOwners map = PartitionOwners.request(first, token).orElseThrow(() -> new BadInputException(
                "-Drouting=owner: " + first + " is not a cluster member (it answers no PARTITION_MAP), so no "
                        + "partition has an owner to route to"));
        List<String> nodes = new ArrayList<>();
        boolean[][] owned = new boolean[urls.size()][];
        for (int server = 0; server < urls.size(); server++) {
            URI url = urls.get(server);
            String node = map.nodeAt(url).orElseThrow(() -> new BadInputException("-Drouting=owner: " + url
                    + " is not in the partition map of " + first + " (its members: " + map.endpoints().values() + ")"));
            nodes.add(node);
            owned[server] = map.ownedBy(node);
        }
        int servers = urls.size();
        KeyPlan keys = new OwnedKeys(owned, connection -> serverOf(connection, servers));
        return new ConnectionSpread(urls, routing, keys, map, List.copyOf(nodes));
    }

    private static int serverOf(long connection, int servers) {
        return (int) Math.floorMod(connection - 1, (long) servers);
    }

    /** The server Gatling user {@code connection} opens. */
    public URI urlOf(long connection) {
        return urls.get(serverOf(connection, urls.size()));
    }

    /** The keys the connections write; the read-back looks them up by the same plan. */
    public KeyPlan keys() {
        return keys;
    }

    public Routing routing() {
        return routing;
    }

    /** For the console: "3 servers [...], connections round robin" and, for owner routing, the map it follows. */
    public String describe() {
        String text = urls.size() + (urls.size() == 1 ? " server " : " servers ") + urls + ", connections round robin";
        return map == null ? text : text + ", each writing only keys its member owns (partition map version "
                + map.version() + ", members " + nodes + ")";
    }

    /** The JSON summary's {@code spread}: the targets, the routing, and for owner routing the map followed. */
    public Map<String, Object> asMap() {
        Map<String, Object> spread = new LinkedHashMap<>();
        spread.put("targets", urls.stream().map(URI::toString).toList());
        spread.put("routing", routing.label());
        if (map != null) {
            spread.put("map_version", map.version());
            spread.put("members", nodes);
            spread.put("partitions_owned", map.partitionsOwned());
        }
        return spread;
    }
}
