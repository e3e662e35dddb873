package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;

/**
 * The client-to-server types this server does not implement (PROTOCOL §9): each is answered,
 * never met with silence, and the connection keeps working. Shapes follow reference §1.4 and §9.
 */
class CatalogueE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static TestClient client;

    @BeforeAll
    static void connect() {
        client = TestClient.authenticated(server.port(), "catalogue");
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** type, a realistic message of it, and a word its "not implemented" message must name (null: any feature). */
    static Stream<Arguments> unimplemented() {
        Value processor = map("name", "inc", "code", "return value + 1");
        return Stream.of(
                Arguments.of(map("type", "ENTRY_PROCESS", "requestId", "e1", "mapName", "m", "key", "k", "processor", processor), "entry"),
                Arguments.of(map("type", "ENTRY_PROCESS_BATCH", "requestId", "e2", "mapName", "m", "keys", list("a", "b"), "processor", processor), "entry"),
                Arguments.of(map("type", "REGISTER_RESOLVER", "requestId", "r1", "mapName", "m", "resolver", map("name", "mine", "code", "a")), "resolver"),
                Arguments.of(map("type", "UNREGISTER_RESOLVER", "requestId", "r2", "mapName", "m", "resolverName", "mine"), "resolver"),
                Arguments.of(map("type", "LIST_RESOLVERS", "requestId", "r3", "mapName", "m"), "resolver"),
                Arguments.of(map("type", "DEVICE_HELLO", "deviceToken", "dev-1"), "device"),
                Arguments.of(map("type", "CLIENT_APPLY_ACK", "cursor", 5), "tombstone gc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unimplemented")
    void anUnimplementedFeatureGets501NamingIt(Value message, String featureWord) {
        client.send(message);
        Value error = client.expect("ERROR");
        assertEquals(501, Msg.num(error, "payload.code"), "for " + Msg.type(message));
        String text = Msg.str(error, "payload.message");
        assertTrue(text.startsWith("not implemented: ") && text.toLowerCase().contains(featureWord),
                Msg.type(message) + " answered: " + text);
        client.ping();
    }

    @Test
    void sqlQueryIsAnsweredAsADisabledFeature() {
        client.send(map("type", "SQL_QUERY", "payload", map("queryId", "q-7", "sql", "SELECT * FROM users")));
        Value response = client.expect("SQL_QUERY_RESP");
        assertEquals("q-7", Msg.str(response, "payload.queryId"));
        assertEquals("FEATURE_DISABLED", Msg.str(response, "payload.code"));
        assertTrue(Msg.str(response, "payload.error") != null, "an explanation for the user");
        client.ping();
    }

    @Test
    void partitionMapRequestGetsNoReply() {
        client.send(map("type", "PARTITION_MAP_REQUEST", "payload", map("currentVersion", 0)));
        client.send(map("type", "PARTITION_MAP_REQUEST"));
        client.ping();
    }

    @Test
    void querySyncInitIsAcceptedSilently() {
        client.send(map("type", "QUERY_SYNC_INIT", "payload", map("queryId", "q-1", "rootHash", 12345)));
        client.ping();
    }
}
