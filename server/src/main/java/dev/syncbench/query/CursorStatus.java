package dev.syncbench.query;

import java.util.Locale;

/** How a snapshot treated the request's cursor; {@link #wireName()} is what QUERY_RESP.cursorStatus carries. */
public enum CursorStatus {
    /** No cursor was given. */
    NONE,
    /** The cursor was applied: rows start strictly after its position. */
    VALID,
    /** Forged, edited, undecodable, or issued for another query; ignored. */
    INVALID,
    /** Genuine but older than the cursor lifetime; ignored. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
