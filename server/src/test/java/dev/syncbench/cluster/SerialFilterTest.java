package dev.syncbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.spi.exception.PartitionMigratingException;
import com.hazelcast.spi.exception.WrongTargetException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The JVM-wide deserialization filter Helidon builds from our serial-config.properties (its
 * pattern, then '!*') lets Hazelcast's members read each other's error replies, which are
 * Java-serialized Throwables, and still rejects anything else.
 */
class SerialFilterTest {
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(pattern() + ";!*");

    private static String pattern() {
        try (InputStream in = SerialFilterTest.class.getResourceAsStream("/META-INF/helidon/serial-config.properties")) {
            assertNotNull(in, "serial-config.properties is on the class path");
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("pattern");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRetryableErrorReplyWithACauseAndSuppressedExceptionsIsRead() throws Exception {
        WrongTargetException sent = new WrongTargetException("partition 17 moved");
        sent.initCause(new IllegalStateException("inner"));
        sent.addSuppressed(new java.util.concurrent.TimeoutException("late"));
        Object read = roundTrip(sent);
        WrongTargetException received = assertInstanceOf(WrongTargetException.class, read);
        assertEquals(sent.getMessage(), received.getMessage());
        assertEquals("inner", received.getCause().getMessage());
        assertEquals("late", received.getSuppressed()[0].getMessage());
        assertEquals(sent.getStackTrace().length, received.getStackTrace().length);
    }

    @Test
    void migrationAndMemberLossErrorsAreRead() throws Exception {
        assertInstanceOf(PartitionMigratingException.class, roundTrip(new PartitionMigratingException("moving")));
        assertInstanceOf(TargetNotMemberException.class, roundTrip(new TargetNotMemberException("gone")));
        assertInstanceOf(IllegalArgumentException.class, roundTrip(new IllegalArgumentException("bad merge")));
    }

    @Test
    void otherClassesAreStillRejected() {
        HashMap<String, String> map = new HashMap<>();
        map.put("k", "v");
        assertThrows(InvalidClassException.class, () -> roundTrip(map));
        assertThrows(InvalidClassException.class, () -> roundTrip(new Carrier()));
    }

    /** Serializable, and in none of the allowed packages. */
    private static final class Carrier implements Serializable {
    }

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        }
    }
}
