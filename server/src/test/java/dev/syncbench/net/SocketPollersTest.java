package dev.syncbench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's choice of socket pollers, and the user's way to override it. */
class SocketPollersTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(SocketPollers.MODE_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(SocketPollers.MODE_PROPERTY);
        } else {
            System.setProperty(SocketPollers.MODE_PROPERTY, before);
        }
    }

    @Test
    void platformPollerThreadsUnlessTheUserChose() {
        System.clearProperty(SocketPollers.MODE_PROPERTY);
        SocketPollers.preferPlatformThreads();
        assertEquals("1", System.getProperty(SocketPollers.MODE_PROPERTY));
    }

    @Test
    void aModeGivenWithDashDIsKept() {
        System.setProperty(SocketPollers.MODE_PROPERTY, "2");
        SocketPollers.preferPlatformThreads();
        assertEquals("2", System.getProperty(SocketPollers.MODE_PROPERTY));
    }
}
