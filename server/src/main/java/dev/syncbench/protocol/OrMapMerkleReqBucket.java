package dev.syncbench.protocol;

/** ORMAP_MERKLE_REQ_BUCKET {payload:{mapName, path}}. */
public record OrMapMerkleReqBucket(String mapName, String path) implements ClientMessage {
    public static final String TYPE = "ORMAP_MERKLE_REQ_BUCKET";

    @Override
    public String type() {
        return TYPE;
    }
}
