package dev.syncbench.cluster;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import dev.syncbench.service.TopicRelay;
import dev.syncbench.service.TopicService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster mode's topics: one Hazelcast topic carries every publication, each member's in the order
 * it published them, to every member; a member hands those published elsewhere to its own
 * subscribers (its own publications reached them already, so it skips them: no echo).
 */
final class TopicBridge implements TopicRelay, MessageListener<RelayedPublication> {
    private final ITopic<RelayedPublication> publications;
    private final TopicService local;

    TopicBridge(ITopic<RelayedPublication> publications, TopicService local) {
        this.publications = publications;
        this.local = local;
    }

    @Override
    public void relay(String topic, byte[] frame) {
        try {
            publications.publish(new RelayedPublication(topic, frame));
        } catch (RuntimeException e) {
            // This member is leaving: its own subscribers had the publication; the others are not told.
            Logger.getLogger(TopicBridge.class.getName()).log(Level.FINE, "publication on '" + topic + "' not relayed", e);
        }
    }

    @Override
    public void onMessage(Message<RelayedPublication> message) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            return;
        }
        local.deliverRelayed(message.getMessageObject().topic(), message.getMessageObject().frame());
    }
}
