package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A cluster member's PARTITION_MAP as the load needs it: the map's version, each member's WebSocket
 * endpoint and status (ACTIVE or FAILED), and for each partition its owner and how many backups it has.
 *
 * @param endpoints node id to its {@code ws://} URL
 * @param statuses  node id to ACTIVE or FAILED
 * @param owners    the owner's node id of each partition, by partition id
 * @param backups   how many backups each partition has, by partition id
 */
public record PartitionOwners(long version, Map<String, String> endpoints, Map<String, String> statuses,
                              List<String> owners, List<Integer> backups) {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    public PartitionOwners {
        endpoints = Map.copyOf(endpoints);
        statuses = Map.copyOf(statuses);
        owners = List.copyOf(owners);
        backups = List.copyOf(backups);
        if (owners.size() != backups.size()) {
            throw new IllegalArgumentException(owners.size() + " owners but " + backups.size() + " backup counts");
        }
    }

    /**
     * Asks the server at {@code url} for its map: empty when it is no cluster member (a single node
     * answers PARTITION_MAP_REQUEST with nothing, so the PING sent after it is answered first).
     */
    public static Optional<PartitionOwners> request(URI url, String token) {
        try (ProtocolSocket socket = ProtocolSocket.open(url, token, ANSWER_TIMEOUT)) {
            socket.send(Frames.partitionMapRequest());
            socket.send(Frames.ping(System.currentTimeMillis()));
            while (true) {
                byte[] frame = socket.next(ANSWER_TIMEOUT);
                String type = AckReader.typeOf(frame);
                if (type.equals("PARTITION_MAP")) {
                    return Optional.of(parse(frame));
                }
                if (type.equals("PONG")) {
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(url + " did not answer a PARTITION_MAP_REQUEST: " + e.getMessage());
        }
    }

    /** Reads a PARTITION_MAP frame ({@code docs/PROTOCOL.md} §14). */
    public static PartitionOwners parse(byte[] frame) throws IOException {
        Value payload = field(MessagePack.newDefaultUnpacker(frame).unpackValue(), "payload");
        Map<String, String> endpoints = new TreeMap<>();
        Map<String, String> statuses = new TreeMap<>();
        for (Value node : field(payload, "nodes").asArrayValue()) {
            String nodeId = text(node, "nodeId");
            statuses.put(nodeId, text(node, "status"));
            endpoints.put(nodeId, text(field(node, "endpoints"), "websocket"));
        }
        int count = (int) field(payload, "partitionCount").asNumberValue().toLong();
        String[] owners = new String[count];
        Integer[] backups = new Integer[count];
        for (Value partition : field(payload, "partitions").asArrayValue()) {
            int id = (int) field(partition, "partitionId").asNumberValue().toLong();
            if (id < 0 || id >= count) {
                throw new IOException("partition " + id + " outside 0.." + (count - 1));
            }
            owners[id] = text(partition, "ownerNodeId");
            backups[id] = field(partition, "backupNodeIds").asArrayValue().size();
        }
        if (Arrays.asList(owners).contains(null)) {
            throw new IOException("the map lists " + count + " partitions but not all of them");
        }
        return new PartitionOwners(field(payload, "version").asNumberValue().toLong(), endpoints, statuses,
                List.of(owners), List.of(backups));
    }

    public List<String> activeNodes() {
        return nodesWith("ACTIVE");
    }

    public List<String> failedNodes() {
        return nodesWith("FAILED");
    }

    /**
     * Whether the cluster is settled at {@code members} active members: each partition owned by an
     * active one and backed up {@code backups} times (no more than the other members can hold).
     */
    public boolean formed(int members, int backups) {
        List<String> active = activeNodes();
        int wanted = Math.min(backups, members - 1);
        if (active.size() != members || owners.isEmpty()) {
            return false;
        }
        for (int p = 0; p < owners.size(); p++) {
            if (!active.contains(owners.get(p)) || backups().get(p) < wanted) {
                return false;
            }
        }
        return true;
    }

    /** Which partitions {@code nodeId} owns, by partition id. */
    public boolean[] ownedBy(String nodeId) {
        boolean[] owned = new boolean[owners.size()];
        for (int p = 0; p < owners.size(); p++) {
            owned[p] = owners.get(p).equals(nodeId);
        }
        return owned;
    }

    /** The member whose endpoint is {@code url}'s host and port, if the map lists one. */
    public Optional<String> nodeAt(URI url) {
        return endpoints.entrySet().stream()
                .filter(entry -> sameServer(URI.create(entry.getValue()), url))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Partitions owned by each member, in node id order. */
    public Map<String, Integer> partitionsOwned() {
        Map<String, Integer> owned = new TreeMap<>();
        statuses.keySet().forEach(node -> owned.put(node, 0));
        owners.forEach(owner -> owned.merge(owner, 1, Integer::sum));
        return owned;
    }

    /** The map as a report records it: version, members with status and endpoint, partitions owned by each. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", version);
        Map<String, Object> nodes = new TreeMap<>();
        statuses.forEach((node, status) -> nodes.put(node, status + " " + endpoints.getOrDefault(node, "")));
        map.put("nodes", nodes);
        map.put("partitions_owned", partitionsOwned());
        return map;
    }

    private List<String> nodesWith(String status) {
        List<String> nodes = new ArrayList<>();
        statuses.forEach((node, s) -> {
            if (s.equals(status)) {
                nodes.add(node);
            }
        });
        nodes.sort(null);
        return nodes;
    }

    private static boolean sameServer(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static Value field(Value map, String name) throws IOException {
        if (map == null || !map.isMapValue()) {
            throw new IOException("not a map where " + name + " was expected");
        }
        Value value = map.asMapValue().map().get(ValueFactory.newString(name));
        if (value == null || value.isNilValue()) {
            throw new IOException("no " + name);
        }
        return value;
    }

    private static String text(Value map, String name) throws IOException {
        Value value = field(map, name);
        if (!value.isStringValue()) {
            throw new IOException(name + " is not a string");
        }
        return value.asStringValue().asString();
    }
}
