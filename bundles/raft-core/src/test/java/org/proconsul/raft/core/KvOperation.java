package org.proconsul.raft.core;

import java.util.Objects;

/**
 * One client operation on a key-value store as the client saw it: a put of {@code value}, or a get that
 * returned {@code value} (null for an absent key). {@code invokedAt} and {@code respondedAt} are points on
 * one clock shared by all clients; equal points count as concurrent. An operation whose outcome the client
 * never learned (timeout, crash, lost leader) has {@code respondedAt == NO_RESPONSE}: such a put may take
 * effect at any time after its invocation, or never.
 */
record KvOperation(int client, Kind kind, String key, String value, long invokedAt, long respondedAt) {

    static final long NO_RESPONSE = Long.MAX_VALUE;

    enum Kind {
        PUT, GET
    }

    KvOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if (kind == Kind.PUT && value == null) {
            throw new IllegalArgumentException("a put needs a value; absence is what a get of a new key sees");
        }
        if (respondedAt < invokedAt) {
            throw new IllegalArgumentException("response at " + respondedAt + " before invocation at " + invokedAt);
        }
    }

    static KvOperation put(int client, String key, String value, long invokedAt, long respondedAt) {
        return new KvOperation(client, Kind.PUT, key, value, invokedAt, respondedAt);
    }

    /** A put the client gave up on: it may have been applied, or not. */
    static KvOperation unansweredPut(int client, String key, String value, long invokedAt) {
        return new KvOperation(client, Kind.PUT, key, value, invokedAt, NO_RESPONSE);
    }

    /** A get that returned {@code observed}, null meaning the key was absent. */
    static KvOperation get(int client, String key, String observed, long invokedAt, long respondedAt) {
        return new KvOperation(client, Kind.GET, key, observed, invokedAt, respondedAt);
    }

    boolean answered() {
        return respondedAt != NO_RESPONSE;
    }

    @Override
    public String toString() {
        String what = kind == Kind.PUT ? "put(" + key + ", " + value + ")" : "get(" + key + ") -> " + value;
        return "c" + client + " " + what + " [" + invokedAt + ", " + (answered() ? respondedAt : "no response") + "]";
    }
}
