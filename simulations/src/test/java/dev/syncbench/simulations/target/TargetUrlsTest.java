package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.simulations.load.BadInputException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetUrlsTest {
    @Test
    void oneOrSeveralWebSocketUrlsInTheirOrder() {
        assertEquals(List.of(URI.create("ws://a:1/ws")), TargetUrls.parse("ws://a:1/ws"));
        assertEquals(List.of(URI.create("ws://a:1/ws"), URI.create("wss://b/ws"), URI.create("ws://a:2/ws")),
                TargetUrls.parse(" ws://a:1/ws, wss://b/ws ,ws://a:2/ws"));
    }

    @Test
    void anEmptyItemIsRefusedSayingWhere() {
        BadInputException error = assertThrows(BadInputException.class, () -> TargetUrls.parse("ws://a:1/ws,,ws://b:1/ws"));
        assertEquals("-Dtarget=ws://a:1/ws,,ws://b:1/ws has an empty item at position 2 (expected embedded, echo, jar, "
                + "process, cluster, ws://host:port/ws or several such URLs separated by commas)", error.getMessage());
        assertThrows(BadInputException.class, () -> TargetUrls.parse("ws://a:1/ws,"));
    }

    @Test
    void anItemThatIsNoWebSocketUrlIsRefused() {
        BadInputException error = assertThrows(BadInputException.class, () -> TargetUrls.parse("ws://a:1/ws,http://b:1/ws"));
        assertEquals("-Dtarget=http://b:1/ws is not a WebSocket URL (expected embedded, echo, jar, process, cluster, "
                + "ws://host:port/ws or several such URLs separated by commas)", error.getMessage());
    }

    @Test
    void theSameServerTwiceIsRefused() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> TargetUrls.parse("ws://A:80/ws,ws://a/other"));
        assertEquals("-Dtarget=ws://A:80/ws,ws://a/other names ws://a:80 twice: each server may take the connections once",
                error.getMessage());
    }
}
