package dev.syncbench.simulations.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RoutingTest {

    @Test
    void roundRobinUnlessOwnerIsAsked() {
        assertEquals(Routing.ROUND_ROBIN, Routing.parse(null));
        assertEquals(Routing.ROUND_ROBIN, Routing.parse(" "));
        assertEquals(Routing.ROUND_ROBIN, Routing.parse("roundrobin"));
        assertEquals(Routing.OWNER, Routing.parse(" Owner "));
    }

    @Test
    void anUnknownRoutingIsRefusedWithTheChoices() {
        BadInputException error = assertThrows(BadInputException.class, () -> Routing.parse("nearest"));
        assertEquals("-Drouting=nearest is not a routing (expected roundrobin or owner)", error.getMessage());
    }
}
