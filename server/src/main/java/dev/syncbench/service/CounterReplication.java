package dev.syncbench.service;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.store.StoreUnavailableException;

/**
 * Where a counter's synced state goes before its sender is done: nowhere on a single node; in
 * cluster mode to the counter's owner, which merges it and backs it up.
 */
public interface CounterReplication {
    /**
     * Returns once the owner has merged {@code state}: the owner's merged state when it knew more,
     * else null.
     *
     * @throws StoreUnavailableException when the owner did not confirm
     */
    PnCounter replicate(String name, PnCounter state);
}
