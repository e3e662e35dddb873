package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * The pre-scan reads MessagePack headers by hand; it must call exactly the frames msgpack-core
 * can read (one whole value, nothing after it) well-formed, on real and on mangled input.
 */
class DepthGuardTest {

    /**
     * The oracle walks containers through msgpack-core's header reads and skips only scalars:
     * msgpack-core's own skipValue overflows on huge map32 counts and would call "df518b9eba" whole.
     */
    private static boolean msgpackCoreReadsOneValue(byte[] frame) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
            long pending = 1;
            while (pending > 0) {
                pending--;
                switch (in.getNextFormat().getValueType()) {
                    case MAP -> pending += 2L * in.unpackMapHeader();
                    case ARRAY -> pending += in.unpackArrayHeader();
                    default -> in.skipValue();
                }
            }
            return !in.hasNext();
        } catch (IOException | MessagePackException e) {
            return false;
        }
    }

    private static boolean guardAccepts(byte[] frame) {
        try {
            DepthGuard.check(frame);
            return true;
        } catch (ProtocolException e) {
            assertEquals(DepthGuard.MALFORMED, e.getMessage(), "shallow frames can only be malformed");
            return false;
        }
    }

    private static void assertAgrees(byte[] frame) {
        assertEquals(msgpackCoreReadsOneValue(frame), guardAccepts(frame), () -> "frame " + java.util.HexFormat.of().formatHex(frame));
    }

    @Test
    void agreesWithMsgpackCoreOnFixturesAndTheirMutations() throws IOException {
        Random random = new Random(42);
        for (Path file : FixtureCodecTest.fixtures()) {
            byte[] fixture = Files.readAllBytes(file);
            assertAgrees(fixture);
            for (int cut = 0; cut < fixture.length; cut++) {
                assertAgrees(Arrays.copyOf(fixture, cut));
            }
            for (int i = 0; i < 200; i++) {
                byte[] mutated = fixture.clone();
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                assertAgrees(mutated);
            }
        }
    }

    @Test
    void agreesWithMsgpackCoreOnRandomBytes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(24)];
            random.nextBytes(bytes);
            assertAgrees(bytes);
        }
    }

    @Test
    void acceptsEveryMarkerKindMsgpackCoreWrites() {
        byte[] frame = Frames.frame(out -> {
            out.packArrayHeader(16);
            out.packNil().packBoolean(true).packInt(-5).packInt(-200).packLong(1L << 40).packLong(-(1L << 40));
            out.packFloat(1.5f).packDouble(2.5).packString("x".repeat(40)).packString("y".repeat(300));
            out.packBinaryHeader(3).writePayload(new byte[3]);
            out.packExtensionTypeHeader((byte) 1, 1).writePayload(new byte[1]);
            out.packExtensionTypeHeader((byte) 1, 16).writePayload(new byte[16]);
            out.packExtensionTypeHeader((byte) 1, 5).writePayload(new byte[5]);
            out.packArrayHeader(20);
            for (int i = 0; i < 20; i++) {
                out.packInt(i);
            }
            out.packMapHeader(20);
            for (int i = 0; i < 20; i++) {
                out.packInt(i).packInt(i);
            }
        });
        assertEquals(true, guardAccepts(frame));
    }
}
