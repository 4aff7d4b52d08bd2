package org.proconsul.api.state;

/** What a blocking query waits on: one key, every key under a prefix, a whole table, or any of several tables. */
public sealed interface WatchTarget {

    record Key(String table, String key) implements WatchTarget {
    }

    record Prefix(String table, String prefix) implements WatchTarget {
    }

    record Table(String table) implements WatchTarget {
    }

    /** A change to any of these tables (a query whose index is the highest of several tables'). */
    record Tables(java.util.List<String> tables) implements WatchTarget {
        public Tables {
            tables = java.util.List.copyOf(tables);
        }
    }
}
