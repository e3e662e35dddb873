package dev.syncbench.query;

import java.util.List;

/** One sort criterion: a (dot path) field and its direction. */
public record SortField(String field, boolean descending) {

    List<String> path() {
        return Predicate.path(field);
    }
}
