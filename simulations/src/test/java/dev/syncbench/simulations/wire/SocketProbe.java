package dev.syncbench.simulations.wire;

import io.gatling.javaapi.core.Session;
import java.lang.reflect.Field;

/**
 * Tells whether a virtual user's WebSocket can still write, so a batch built after the server
 * closed the socket is not counted as sent. Gatling has no public API for this; it reads the
 * state of Gatling's WebSocket state machine and, should that ever fail, assumes "open".
 */
public final class SocketProbe {
    private static final Field CURRENT_STATE = currentStateField();

    private SocketProbe() {
    }

    public static boolean isOpen(Session session, String wsName) {
        if (CURRENT_STATE == null) {
            return true;
        }
        Object fsm = session.get(wsName);
        if (fsm == null) {
            return false;
        }
        try {
            Object state = CURRENT_STATE.get(fsm);
            String name = state.getClass().getSimpleName();
            return name.equals("WsIdleState") || name.equals("WsPerformingCheckState");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    private static Field currentStateField() {
        try {
            Field field = Class.forName("io.gatling.http.action.ws.fsm.WsFsm").getDeclaredField("currentState");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("syncbench: cannot see Gatling's socket state (" + e
                    + "); batches are counted as sent when handed to Gatling");
            return null;
        }
    }
}
