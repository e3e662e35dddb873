package dev.syncbench.protocol;

/** PARTITION_MAP_REQUEST {payload?:{currentVersion?}}; a single node never replies. */
public record PartitionMapRequest(Long currentVersion) implements ClientMessage {
    public static final String TYPE = "PARTITION_MAP_REQUEST";

    @Override
    public String type() {
        return TYPE;
    }
}
