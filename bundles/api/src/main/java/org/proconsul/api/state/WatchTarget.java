package org.proconsul.api.state;

/** What a blocking query waits on: one key, every key under a prefix, or a whole table. */
public sealed interface WatchTarget {

    record Key(String table, String key) implements WatchTarget {
    }

    record Prefix(String table, String prefix) implements WatchTarget {
    }

    record Table(String table) implements WatchTarget {
    }
}
