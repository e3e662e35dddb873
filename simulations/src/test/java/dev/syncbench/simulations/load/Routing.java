package dev.syncbench.simulations.load;

import java.util.Locale;

/**
 * How connections and their keys are spread over several servers ({@code -Drouting}): round robin
 * (each connection to the next server, any key), or by partition owner (each connection writes only
 * keys whose partition its server owns, so no write crosses members).
 */
public enum Routing {
    ROUND_ROBIN("roundrobin"), OWNER("owner");

    private final String label;

    Routing(String label) {
        this.label = label;
    }

    /** The name used in {@code -Drouting} and reports. */
    public String label() {
        return label;
    }

    public static Routing fromSystemProperties() {
        return parse(System.getProperty("routing"));
    }

    /** {@code roundrobin} (also the default when blank) or {@code owner}; anything else is refused. */
    public static Routing parse(String text) {
        if (text == null || text.isBlank()) {
            return ROUND_ROBIN;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Routing routing : values()) {
            if (routing.label.equals(wanted)) {
                return routing;
            }
        }
        throw new BadInputException("-Drouting=" + text.trim() + " is not a routing (expected roundrobin or owner)");
    }
}
