package dev.syncbench.protocol;

import dev.syncbench.crdt.PnCounter;

/** COUNTER_RESPONSE {payload:{name, state}}: the answer to COUNTER_REQUEST. */
public record CounterResponse(String name, PnCounter state) implements ServerMessage {
    public static final String TYPE = "COUNTER_RESPONSE";

    @Override
    public String type() {
        return TYPE;
    }
}
