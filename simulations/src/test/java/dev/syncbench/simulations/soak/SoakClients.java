package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything of the soak beside its Gatling writers: the live-query subscribers, the topic
 * publishers and their subscriber, and the connections that come and go. Opened before the
 * writers start, stopped once they are done.
 */
public final class SoakClients implements AutoCloseable {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(10);

    private final List<SoakSubscriber> subscribers = new ArrayList<>();
    private final Churners churners;
    private TopicTraffic topics;

    private SoakClients(Churners churners) {
        this.churners = churners;
    }

    /** Subscribers hold their live query and the topic is subscribed before this returns. */
    public static SoakClients open(URI url, Tokens tokens, SoakSettings settings, String mapName) {
        SoakClients clients = new SoakClients(new Churners(url, tokens, settings.churnEveryMs(), STEP_TIMEOUT));
        try {
            for (int i = 0; i < settings.subscribers(); i++) {
                clients.subscribers.add(SoakSubscriber.open(url, tokens.forConnection(2_000_000L + i), mapName, i,
                        STEP_TIMEOUT));
            }
            clients.topics = TopicTraffic.start(url, tokens, mapName + "-topic", settings.publishers(),
                    settings.publishEveryMs(), STEP_TIMEOUT);
        } catch (IOException e) {
            clients.close();
            throw new BadInputException("the soak's side clients could not start: " + e.getMessage());
        }
        clients.churners.start(settings.churners());
        return clients;
    }

    /**
     * Stops the publishers and churners once the writers are done, and waits until every subscriber
     * has {@code ackedOps} events, or no event came for a few seconds.
     */
    public void finish(long ackedOps) {
        churners.close();
        topics.stopPublishing(QUIET);
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long total = subscribers.stream().mapToLong(SoakSubscriber::events).sum();
            boolean all = subscribers.stream().allMatch(s -> s.events() >= ackedOps || s.endedBecause() != null);
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = System.nanoTime();
            }
            if (all || System.nanoTime() - lastChange > QUIET.toNanos()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<Long> eventsPerSubscriber() {
        return subscribers.stream().map(SoakSubscriber::events).toList();
    }

    public List<String> subscribersEnded() {
        return subscribers.stream().map(SoakSubscriber::endedBecause).toList();
    }

    public long published() {
        return topics == null ? 0 : topics.published();
    }

    public long topicReceived() {
        return topics == null ? 0 : topics.received();
    }

    public long topicFailures() {
        return topics == null ? 0 : topics.failures();
    }

    public String lastTopicFailure() {
        return topics == null ? null : topics.lastFailure();
    }

    public long churnCycles() {
        return churners.cycles();
    }

    public long churnFailures() {
        return churners.failures();
    }

    public String lastChurnFailure() {
        return churners.lastFailure();
    }

    @Override
    public void close() {
        churners.close();
        if (topics != null) {
            topics.close();
        }
        subscribers.forEach(SoakSubscriber::close);
    }
}
