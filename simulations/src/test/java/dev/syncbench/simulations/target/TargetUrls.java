package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.BadInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The servers {@code -Dtarget} names when it is a URL: one {@code ws://} or {@code wss://} URL, or
 * several separated by commas (the connections are then spread over them, {@link ConnectionSpread}).
 * An empty item, anything that is not a WebSocket URL, or the same server twice is refused with one
 * line saying which.
 */
public final class TargetUrls {
    private static final String EXPECTED = "(expected embedded, echo, jar, process, cluster, ws://host:port/ws or "
            + "several such URLs separated by commas)";

    private TargetUrls() {
    }

    public static List<URI> parse(String text) {
        List<URI> urls = new ArrayList<>();
        Set<String> servers = new HashSet<>();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (item.isEmpty()) {
                throw new BadInputException("-Dtarget=" + text.trim() + " has an empty item at position " + (i + 1)
                        + " " + EXPECTED);
            }
            URI url = parseOne(item);
            String server = url.getScheme() + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port(url);
            if (!servers.add(server)) {
                throw new BadInputException("-Dtarget=" + text.trim() + " names " + server
                        + " twice: each server may take the connections once");
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    private static URI parseOne(String item) {
        URI url;
        try {
            url = URI.create(item);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-Dtarget=" + item + " is not a URL " + EXPECTED);
        }
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme()) || url.getHost() == null) {
            throw new BadInputException("-Dtarget=" + item + " is not a WebSocket URL " + EXPECTED);
        }
        return url;
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "wss".equals(url.getScheme()) ? 443 : 80;
    }
}
