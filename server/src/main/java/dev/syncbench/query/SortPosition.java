package dev.syncbench.query;

import java.util.List;
import org.msgpack.value.Value;

/** Where a row sits in a query's order: its sort values (nil when absent) and, to break ties, its key. */
record SortPosition(List<Value> sortValues, String key) {
}
