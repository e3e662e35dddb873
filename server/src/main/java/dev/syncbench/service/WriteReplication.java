package dev.syncbench.service;

import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreUnavailableException;
import java.util.Collection;

/**
 * Where a request's merged keys go before its OP_ACK: nowhere on a single node; in cluster mode to
 * the partitions' owners, which merge them with the same CRDT rules and back them up.
 */
public interface WriteReplication {
    WriteReplication NONE = keys -> { };

    /**
     * Returns once the current state of every LWW and OR-Map key given is merged by its owner and
     * backed up; other kinds of key are left alone.
     *
     * @throws StoreUnavailableException when an owner did not confirm; the request is not acknowledged
     */
    void replicate(Collection<StoreKey> keys);
}
