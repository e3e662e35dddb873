package dev.syncbench.protocol;

import org.msgpack.value.Value;

/**
 * A message of a type this codec does not model: unknown types, node-to-node CLUSTER_* messages,
 * and server-to-client types nobody here needs to read. {@code body} is the whole message map,
 * {@code type} included, and is written back unchanged.
 */
public record Unrecognized(String type, Value body) implements Message {
}
