package dev.syncbench.net;

import java.util.List;

/**
 * Who a connection authenticated as: the token's subject and its roles, and until when its token
 * is good: {@code exp} plus the leeway, in epoch milliseconds ({@link Long#MAX_VALUE} for none).
 */
public record Principal(String userId, List<String> roles, long validUntilMillis) {
    public static final Principal ANONYMOUS = new Principal("anonymous", List.of(), Long.MAX_VALUE);
}
