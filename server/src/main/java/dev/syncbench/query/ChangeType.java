package dev.syncbench.query;

/** QUERY_UPDATE.changeType. */
public enum ChangeType {
    /** The key starts to match, or enters the top-N window. */
    ENTER,
    /** The key still matches and stays in the window, with a new value. */
    UPDATE,
    /** The key stops matching, is removed, or is pushed out of the window. */
    LEAVE
}
