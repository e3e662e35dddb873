package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.PartitionMap;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.wire.Tokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionOwnersTest {
    private static final List<PartitionMap.Node> NODES = List.of(
            new PartitionMap.Node("member-1", "ws://127.0.0.1:20001/ws", "ACTIVE"),
            new PartitionMap.Node("member-2", "ws://127.0.0.1:20002/ws", "ACTIVE"),
            new PartitionMap.Node("member-3", "ws://127.0.0.1:20003/ws", "FAILED"));

    @Test
    void readsTheServersOwnEncodingOfAPartitionMap() throws Exception {
        PartitionOwners map = PartitionOwners.parse(encode(7, List.of(
                new PartitionMap.Partition(0, "member-1", List.of("member-2")),
                new PartitionMap.Partition(1, "member-2", List.of("member-1")),
                new PartitionMap.Partition(2, "member-1", List.of()))));

        assertEquals(7, map.version());
        assertEquals(List.of("member-1", "member-2"), map.activeNodes());
        assertEquals(List.of("member-3"), map.failedNodes());
        assertEquals(List.of("member-1", "member-2", "member-1"), map.owners());
        assertEquals(List.of(1, 1, 0), map.backups());
        assertArrayEquals(new boolean[] {true, false, true}, map.ownedBy("member-1"));
        assertEquals(Optional.of("member-2"), map.nodeAt(URI.create("ws://127.0.0.1:20002/ws")));
        assertEquals(Optional.empty(), map.nodeAt(URI.create("ws://127.0.0.1:20009/ws")));
        assertEquals(Map.of("member-1", 2, "member-2", 1, "member-3", 0), map.partitionsOwned());
    }

    @Test
    void formedOnlyWithEveryMemberActiveAndEveryPartitionOwnedAndBackedUp() throws Exception {
        PartitionOwners backedUp = PartitionOwners.parse(encode(3, List.of(
                new PartitionMap.Partition(0, "member-1", List.of("member-2")),
                new PartitionMap.Partition(1, "member-2", List.of("member-1")))));
        assertTrue(backedUp.formed(2, 1));
        assertTrue(backedUp.formed(2, 6), "no more backups than the other members can hold");
        assertFalse(backedUp.formed(3, 1), "member-3 is not active");

        PartitionOwners oneWithout = PartitionOwners.parse(encode(4, List.of(
                new PartitionMap.Partition(0, "member-1", List.of("member-2")),
                new PartitionMap.Partition(1, "member-2", List.of()))));
        assertFalse(oneWithout.formed(2, 1));
        assertTrue(oneWithout.formed(2, 0));

        PartitionOwners ownedByTheFailed = PartitionOwners.parse(encode(5, List.of(
                new PartitionMap.Partition(0, "member-3", List.of("member-1")))));
        assertFalse(ownedByTheFailed.formed(2, 1));
    }

    @Test
    void aMapMissingAPartitionIsRefused() {
        byte[] frame = new MessageCodec().encode(new PartitionMap(1, 3, NODES,
                List.of(new PartitionMap.Partition(0, "member-1", List.of())), 0));
        assertTrue(assertThrowsIo(frame).contains("not all of them"));
    }

    @Test
    void aSingleServerIsNoClusterMember() {
        try (EmbeddedTarget server = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET)) {
            assertEquals(Optional.empty(), PartitionOwners.request(server.webSocketUrl(),
                    new Tokens(LoadSettings.DEFAULT_SECRET).forConnection(0)));
        }
    }

    private static String assertThrowsIo(byte[] frame) {
        try {
            PartitionOwners.parse(frame);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed");
    }

    private static byte[] encode(long version, List<PartitionMap.Partition> partitions) {
        return new MessageCodec().encode(new PartitionMap(version, partitions.size(), NODES, partitions, 0));
    }
}
