package dev.syncbench.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where the PostgreSQL database is: {@code DATABASE_URL} as a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?user=u&password=p}) or a libpq URL
 * ({@code postgres://user:password@host:port/db}); without it, libpq's variables PGHOST, PGPORT,
 * PGDATABASE, PGUSER and PGPASSWORD, with libpq's defaults.
 */
public record PostgresSettings(String jdbcUrl, String user, String password) {

    public static PostgresSettings from(String databaseUrl, Map<String, String> env) {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return fromUrl(databaseUrl.trim());
        }
        String user = env.getOrDefault("PGUSER", System.getProperty("user.name"));
        String host = env.getOrDefault("PGHOST", "localhost");
        String port = env.getOrDefault("PGPORT", "5432");
        String database = env.getOrDefault("PGDATABASE", user);
        return new PostgresSettings("jdbc:postgresql://" + host + ":" + port + "/" + database, user, env.get("PGPASSWORD"));
    }

    private static PostgresSettings fromUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresSettings(url, null, null);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://");
        }
        try {
            URI uri = new URI(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            String port = uri.getPort() < 0 ? "5432" : String.valueOf(uri.getPort());
            String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/" + user : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new PostgresSettings("jdbc:postgresql://" + host + ":" + port + path + query, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a URL: " + e.getMessage());
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
