package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.support.FuzzBounds;
import java.util.List;

/**
 * Fuzzes {@link HttpSyncCodec#decode}, which reads {@code POST /sync} bodies. The property
 * (PROTOCOL §13): any bytes give a request or a {@link ProtocolException} with one of TopGun's
 * three wordings, never another exception, a hang or an allocation out of proportion to the
 * body; and an answer to a decoded request encodes. Seeds under {@code HttpSyncBodyFuzzTestInputs/}.
 */
class HttpSyncBodyFuzzTest {
    private final HttpSyncCodec codec = new HttpSyncCodec();

    @FuzzTest(maxDuration = "30s")
    void anyBody(byte[] body) {
        if (body.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        HttpSyncRequest request;
        try {
            request = codec.decode(body, true);
        } catch (ProtocolException e) {
            String message = e.getMessage();
            assertTrue(message.equals(HttpSyncCodec.MALFORMED) || message.equals(HttpSyncCodec.TOO_DEEP)
                    || message.startsWith("decode error: "), message);
            FuzzBounds.checkAllocation(body.length, "refusing a body", () -> codec.decode(body, true));
            return;
        }
        assertNotNull(request.operations());
        FuzzBounds.checkAllocation(body.length, "decoding a body", () -> codec.decode(body, true));
        List<HttpSyncResponse.SyncError> errors = request.queries().stream()
                .map(q -> new HttpSyncResponse.SyncError(400, "seen", q.queryId())).toList();
        assertNotNull(codec.encode(new HttpSyncResponse(new Timestamp(1, 0, "n"), null, List.of(), List.of(), errors)));
    }
}
