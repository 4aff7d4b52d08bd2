package org.proconsul.api.membership;

import java.util.Map;

/**
 * One pool's answer to a keyring operation, as {@code /v1/operator/keyring} shows it: how many members
 * hold each key and each primary key, how many members there are, and what failed where.
 */
public record KeyringPool(boolean wan, String datacenter, Map<String, Integer> keys, Map<String, Integer> primaryKeys,
        int numNodes, Map<String, String> errors) {
    public KeyringPool {
        keys = Map.copyOf(keys);
        primaryKeys = Map.copyOf(primaryKeys);
        errors = Map.copyOf(errors);
    }

    /** The keyring verbs of Consul's API. */
    public enum Operation { LIST, INSTALL, USE, REMOVE }
}
