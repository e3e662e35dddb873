package dev.syncbench.protocol;

import dev.syncbench.crdt.PnCounter;

/** COUNTER_UPDATE {payload:{name, state}}: the merged state, sent after a COUNTER_SYNC. */
public record CounterUpdate(String name, PnCounter state) implements ServerMessage {
    public static final String TYPE = "COUNTER_UPDATE";

    @Override
    public String type() {
        return TYPE;
    }
}
