package dev.syncbench.net;

import java.util.List;

/** Who a connection authenticated as: the token's subject and its roles. */
public record Principal(String userId, List<String> roles) {
    public static final Principal ANONYMOUS = new Principal("anonymous", List.of());
}
