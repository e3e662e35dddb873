package dev.syncbench.simulations.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The search messages of PROTOCOL.md §11 as this population sends and reads them: SEARCH and
 * SEARCH_SUB out; SEARCH_RESP, SEARCH_UPDATE and ERROR in. Anything else, or anything malformed,
 * reads as its type (or "") with no fields.
 */
public final class SearchFrames {
    public static final String SEARCH_RESP = "SEARCH_RESP";
    public static final String SEARCH_UPDATE = "SEARCH_UPDATE";
    public static final String ERROR = "ERROR";

    private static final Value TYPE = ValueFactory.newString("type");
    private static final Value PAYLOAD = ValueFactory.newString("payload");

    private SearchFrames() {
    }

    /**
     * What a frame says about searches: {@code id} is a SEARCH_RESP's requestId, a SEARCH_UPDATE's
     * subscriptionId, or the id an ERROR's details name; {@code keys} are a SEARCH_RESP's result keys
     * or a SEARCH_UPDATE's key; {@code description} is an ERROR's code and message.
     */
    public record Inbound(String type, String id, List<String> keys, String changeType, String description) {
        static final Inbound MALFORMED = new Inbound("", null, List.of(), null, "a malformed frame");
    }

    public static byte[] search(String requestId, String mapName, String query) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("SEARCH");
            packer.packString("payload").packMapHeader(3);
            packer.packString("requestId").packString(requestId);
            packer.packString("mapName").packString(mapName);
            packer.packString("query").packString(query);
        });
    }

    public static byte[] searchSub(String subscriptionId, String mapName, String query, int limit) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("SEARCH_SUB");
            packer.packString("payload").packMapHeader(4);
            packer.packString("subscriptionId").packString(subscriptionId);
            packer.packString("mapName").packString(mapName);
            packer.packString("query").packString(query);
            packer.packString("options").packMapHeader(1);
            packer.packString("limit").packInt(limit);
        });
    }

    public static Inbound read(byte[] frame) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            Value value = unpacker.unpackValue();
            if (!value.isMapValue()) {
                return Inbound.MALFORMED;
            }
            Map<Value, Value> map = value.asMapValue().map();
            Value typeValue = map.get(TYPE);
            String type = typeValue != null && typeValue.isStringValue() ? typeValue.asStringValue().asString() : "";
            Value payloadValue = map.get(PAYLOAD);
            Map<Value, Value> payload = payloadValue != null && payloadValue.isMapValue()
                    ? payloadValue.asMapValue().map() : Map.of();
            return switch (type) {
                case SEARCH_RESP -> new Inbound(type, string(payload, "requestId"), resultKeys(payload), null, type);
                case SEARCH_UPDATE -> {
                    String key = string(payload, "key");
                    yield new Inbound(type, string(payload, "subscriptionId"), key == null ? List.of() : List.of(key),
                            string(payload, "changeType"), type);
                }
                case ERROR -> new Inbound(type, errorId(payload), List.of(), null,
                        "ERROR " + payload.get(ValueFactory.newString("code")) + " "
                                + payload.get(ValueFactory.newString("message")));
                default -> new Inbound(type, null, List.of(), null, type);
            };
        } catch (IOException | RuntimeException malformed) {
            return Inbound.MALFORMED;
        }
    }

    private static List<String> resultKeys(Map<Value, Value> payload) {
        Value results = payload.get(ValueFactory.newString("results"));
        if (results == null || !results.isArrayValue()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(results.asArrayValue().size());
        for (Value hit : results.asArrayValue()) {
            if (hit.isMapValue()) {
                String key = string(hit.asMapValue().map(), "key");
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** The requestId or subscriptionId an ERROR's details name (PROTOCOL.md §11), else null. */
    private static String errorId(Map<Value, Value> payload) {
        Value details = payload.get(ValueFactory.newString("details"));
        if (details == null || !details.isMapValue()) {
            return null;
        }
        Map<Value, Value> fields = details.asMapValue().map();
        String requestId = string(fields, "requestId");
        return requestId != null ? requestId : string(fields, "subscriptionId");
    }

    private static String string(Map<Value, Value> map, String field) {
        Value value = map.get(ValueFactory.newString(field));
        return value != null && value.isStringValue() ? value.asStringValue().asString() : null;
    }

    private interface Body {
        void write(MessageBufferPacker packer) throws IOException;
    }

    private static byte[] pack(Body body) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            body.write(packer);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
