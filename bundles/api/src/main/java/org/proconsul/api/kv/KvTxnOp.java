package org.proconsul.api.kv;

/** One KV operation of a transaction; unused fields are 0 or null as in Consul's request body. */
public record KvTxnOp(KvVerb verb, String key, byte[] value, long flags, long index, String session) {
    public KvTxnOp {
        java.util.Objects.requireNonNull(verb);
        java.util.Objects.requireNonNull(key);
        if (value == null) {
            value = new byte[0];
        }
    }
}
