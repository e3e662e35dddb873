package dev.syncbench.service;

import dev.syncbench.protocol.ServerMessage;
import dev.syncbench.support.Msg;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msgpack.value.Value;

/** A subscriber with its own id that keeps what a service sent it: replies as messages, events as decoded frames. */
final class RecordingSubscriber implements ClientSession {
    private final long id;
    final List<ServerMessage> replies = new CopyOnWriteArrayList<>();
    final List<Value> events = new CopyOnWriteArrayList<>();

    RecordingSubscriber(long id) {
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String userId() {
        return "user-" + id;
    }

    @Override
    public void send(ServerMessage message) {
        replies.add(message);
    }

    @Override
    public void sendEvent(byte[] frame) {
        events.add(Msg.decode(frame));
    }
}
