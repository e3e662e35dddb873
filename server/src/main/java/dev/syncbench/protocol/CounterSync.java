package dev.syncbench.protocol;

import dev.syncbench.crdt.PnCounter;

/** COUNTER_SYNC {payload:{name, state}}: the client's PN-counter state to merge. */
public record CounterSync(String name, PnCounter state) implements ClientMessage {
    public static final String TYPE = "COUNTER_SYNC";

    @Override
    public String type() {
        return TYPE;
    }
}
