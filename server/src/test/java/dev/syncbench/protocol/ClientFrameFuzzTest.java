package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.syncbench.support.FuzzBounds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes everything that reads a client's frame: {@link DepthGuard}, {@link FrameReader},
 * {@link ValueWalk}, {@link MessageCodec#decode} and each message codec behind it. The property
 * (PROTOCOL §9): any bytes give a message or a {@link ProtocolException}, never another exception,
 * a hang or an allocation out of proportion to the frame; and a decoded message encodes again.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in {@code mvn verify}) each target replays its seeds and the
 * crash inputs kept beside them under {@code ClientFrameFuzzTestInputs/<target>/}.
 */
class ClientFrameFuzzTest {
    /** Every type the decoder models, flat ones (fields beside {@code type}) marked. */
    static final List<String> TYPES = List.of(
            Auth.TYPE, AuthRequired.TYPE, AuthAck.TYPE, AuthFail.TYPE, Ping.TYPE, Pong.TYPE, ErrorMessage.TYPE,
            ClientOpMessage.TYPE, OpBatch.TYPE, OpAck.TYPE, OpRejected.TYPE,
            QuerySub.TYPE, QueryUnsub.TYPE, QuerySyncInit.TYPE, QueryResp.TYPE, QueryUpdate.TYPE,
            ServerEvent.TYPE, ServerBatchEvent.TYPE,
            SyncInit.TYPE, SyncRespRoot.TYPE, MerkleReqBucket.TYPE, SyncRespBuckets.TYPE, SyncRespLeaf.TYPE,
            SyncResetRequired.TYPE, GcPrune.TYPE,
            OrMapSyncInit.TYPE, OrMapSyncRespRoot.TYPE, OrMapMerkleReqBucket.TYPE, OrMapSyncRespBuckets.TYPE,
            OrMapSyncRespLeaf.TYPE, OrMapDiffRequest.TYPE, OrMapDiffResponse.TYPE, OrMapPushDiff.TYPE,
            TopicSub.TYPE, TopicUnsub.TYPE, TopicPub.TYPE, TopicMessage.TYPE,
            LockRequest.TYPE, LockRelease.TYPE, LockGranted.TYPE, LockReleased.TYPE,
            CounterRequest.TYPE, CounterSync.TYPE, CounterResponse.TYPE, CounterUpdate.TYPE,
            PartitionMapRequest.TYPE, SqlQuery.TYPE, SqlQueryResp.TYPE, Batch.TYPE,
            JournalSubscribe.TYPE, JournalUnsubscribe.TYPE, JournalRead.TYPE, JournalReadResponse.TYPE,
            JournalEvent.TYPE);
    static final Set<String> FLAT = Set.of(
            Auth.TYPE, AuthRequired.TYPE, AuthAck.TYPE, AuthFail.TYPE, Ping.TYPE, Pong.TYPE,
            SyncInit.TYPE, OrMapSyncInit.TYPE, PartitionMapRequest.TYPE, Batch.TYPE,
            JournalSubscribe.TYPE, JournalUnsubscribe.TYPE, JournalRead.TYPE, JournalReadResponse.TYPE,
            JournalEvent.TYPE);

    private final MessageCodec codec = new MessageCodec();

    /** Raw bytes, as a client may send them; seeded with the golden fixtures. */
    @FuzzTest(maxDuration = "30s")
    void anyFrame(byte[] frame) {
        if (frame.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        decodesOrRefuses(frame, false);
        decodesOrRefuses(frame, true);
    }

    /**
     * The body of one message type, which the last input byte picks: for a payload type the body is
     * the {@code payload} value, for a flat type a map whose fields join {@code type}. This keeps
     * the fuzzer inside each codec's fields instead of spending its time finding the type names.
     */
    @FuzzTest(maxDuration = "30s")
    void typedFrame(FuzzedDataProvider data) {
        String type = data.pickValue(TYPES);
        byte[] body = data.consumeRemainingAsBytes();
        if (body.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        decodesOrRefuses(typed(type, body), true);
    }

    private void decodesOrRefuses(byte[] frame, boolean authenticated) {
        Message message;
        try {
            message = codec.decode(frame, authenticated);
        } catch (ProtocolException e) {
            assertNotNull(e.getMessage(), "a refused frame says why");
            FuzzBounds.checkAllocation(frame.length, "refusing a frame", () -> codec.decode(frame, authenticated));
            return;
        }
        FuzzBounds.checkAllocation(frame.length, "decoding " + message.type(), () -> codec.decode(frame, authenticated));
        // What the server decoded it can write back (it echoes, stores and forwards parts of it),
        // and that encoding reads back.
        byte[] again = codec.encode(message);
        try {
            codec.decode(again, authenticated);
        } catch (ProtocolException e) {
            throw new AssertionError("the encoding of a decoded " + message.type() + " is refused: " + e.getMessage());
        }
    }

    /** {@code {type, payload: body}}, or for a flat type {@code {type, …body's fields}}. */
    static byte[] typed(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
        if (!FLAT.contains(type)) {
            out.write(0x82);
            string(out, "type");
            string(out, type);
            string(out, "payload");
            out.writeBytes(body);
            return out.toByteArray();
        }
        if (body.length == 0) {
            return body;
        }
        int marker = body[0] & 0xff;
        long fields;
        int header;
        if (marker >= 0x80 && marker <= 0x8f) {
            fields = marker & 0x0f;
            header = 1;
        } else if (marker == 0xde && body.length >= 3) {
            fields = ((body[1] & 0xff) << 8) | (body[2] & 0xff);
            header = 3;
        } else if (marker == 0xdf && body.length >= 5) {
            fields = ((long) (body[1] & 0xff) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
            header = 5;
        } else {
            return body; // not a map: the frame as it is
        }
        out.write(0xdf);
        long count = Math.min(fields + 1, 0xFFFF_FFFFL);
        out.write((int) (count >>> 24));
        out.write((int) (count >>> 16));
        out.write((int) (count >>> 8));
        out.write((int) count);
        string(out, "type");
        string(out, type);
        out.write(body, header, body.length - header);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(0xd9);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
