package dev.syncbench.service;

import dev.syncbench.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/** A ClientSession that keeps what a service sent it, for tests below the network layer. */
final class RecordingSession implements ClientSession {
    final List<ServerMessage> replies = new ArrayList<>();
    final List<byte[]> events = new ArrayList<>();

    @Override
    public long id() {
        return 1;
    }

    @Override
    public String userId() {
        return "tester";
    }

    @Override
    public void send(ServerMessage message) {
        replies.add(message);
    }

    @Override
    public void sendEvent(byte[] frame) {
        events.add(frame);
    }
}
