package dev.syncbench.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import dev.syncbench.ServerConfig;
import dev.syncbench.partition.Partitioning;

/**
 * The embedded Hazelcast member's configuration: TCP/IP join to the seed nodes on the cluster port
 * (no multicast, no auto-detection), 271 partitions as ours, no phone-home, logging through the
 * server's java.util.logging, and failure detection about as quick as TopGun's (5 s of silence).
 */
final class MemberConfig {
    static final String RECORDS = "syncbench-records";
    static final String LOCKS = "syncbench-locks";
    static final String COUNTERS = "syncbench-counters";
    static final String TOPICS = "syncbench-topics";
    /** Node ids of members about to leave gracefully, so the others do not list them as failed. */
    static final String DEPARTURES = "syncbench-departures";

    private MemberConfig() {
    }

    static Config of(ServerConfig server, int clientPort) {
        Config config = new Config();
        config.setClusterName("syncbench");
        config.setInstanceName("syncbench-" + server.nodeId());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.partition.count", String.valueOf(Partitioning.PARTITION_COUNT));
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.local.localAddress", server.host());
        config.getNetworkConfig().setPort(server.clusterPort()).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(server.seedNodes());
        config.getMemberAttributeConfig()
                .setAttribute(PartitionMapTracker.NODE_ID, server.nodeId())
                .setAttribute(PartitionMapTracker.WEBSOCKET, "ws://" + server.host() + ":" + clientPort);
        config.getSerializationConfig().addDataSerializableFactory(ClusterSerialization.FACTORY_ID,
                new ClusterSerialization());
        config.addMapConfig(new MapConfig(RECORDS)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(server.clusterBackupCount())
                .setAsyncBackupCount(0));
        for (String name : new String[] {LOCKS, COUNTERS}) {
            config.addMapConfig(new MapConfig(name)
                    .setBackupCount(server.clusterBackupCount())
                    .setAsyncBackupCount(0));
        }
        return config;
    }
}
