package org.proconsul.api.state;

/**
 * A read's value with the index Consul reports as {@code X-Consul-Index} (never below 1).
 */
public record QueryResult<T>(T value, long index) {
    public QueryResult {
        if (index < 1) {
            index = 1;
        }
    }
}
