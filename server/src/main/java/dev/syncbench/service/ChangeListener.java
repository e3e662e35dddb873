package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.protocol.ServerEvent;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Told of every change a write made, inside the key's partition, so that per-key order is the
 * merge order. Implementations must not block: they update indexes and queue events. They should
 * not throw either; if one does, the change stays applied and the failure is logged, never
 * reported to the writer (the change is in the store: the write did happen).
 */
public interface ChangeListener {

    /** An LWW record replaced {@code previous} (null when the key was new). */
    void lwwChanged(String mapName, String key, LwwRecord previous, LwwRecord current, ServerEvent event, ClientSession origin);

    /** An OR-Map key's state changed. */
    void orChanged(String mapName, String key, OrMapEntry previous, OrMapEntry current, ServerEvent event, ClientSession origin);

    ChangeListener NONE = new ChangeListener() {
        @Override
        public void lwwChanged(String m, String k, LwwRecord p, LwwRecord c, ServerEvent e, ClientSession o) {
        }

        @Override
        public void orChanged(String m, String k, OrMapEntry p, OrMapEntry c, ServerEvent e, ClientSession o) {
        }
    };

    /** One listener telling each of {@code listeners}, in order, of every change; one failing does not skip the next. */
    static ChangeListener all(ChangeListener... listeners) {
        ChangeListener[] copy = listeners.clone();
        return new ChangeListener() {
            @Override
            public void lwwChanged(String m, String k, LwwRecord p, LwwRecord c, ServerEvent e, ClientSession o) {
                for (ChangeListener listener : copy) {
                    try {
                        listener.lwwChanged(m, k, p, c, e, o);
                    } catch (RuntimeException | StackOverflowError failure) {
                        logFailure(listener, m, k, failure);
                    }
                }
            }

            @Override
            public void orChanged(String m, String k, OrMapEntry p, OrMapEntry c, ServerEvent e, ClientSession o) {
                for (ChangeListener listener : copy) {
                    try {
                        listener.orChanged(m, k, p, c, e, o);
                    } catch (RuntimeException | StackOverflowError failure) {
                        logFailure(listener, m, k, failure);
                    }
                }
            }
        };
    }

    /** Records a listener's failure; the write that caused it stands. */
    static void logFailure(Object listener, String mapName, String key, Throwable failure) {
        Logger.getLogger(ChangeListener.class.getName()).log(Level.WARNING,
                "change listener " + listener.getClass().getSimpleName() + " failed on map '" + mapName
                        + "' key '" + key + "'; the change stays applied", failure);
    }
}
