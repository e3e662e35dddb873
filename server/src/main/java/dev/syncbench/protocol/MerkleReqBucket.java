package dev.syncbench.protocol;

/** MERKLE_REQ_BUCKET {payload:{mapName, path}}: asks for the node at {@code path} (hex digits, "" = root). */
public record MerkleReqBucket(String mapName, String path) implements ClientMessage {
    public static final String TYPE = "MERKLE_REQ_BUCKET";

    @Override
    public String type() {
        return TYPE;
    }
}
