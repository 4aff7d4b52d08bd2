package org.proconsul.api.kv;

import java.util.Locale;

/** The KV verbs of Consul's {@code /v1/txn}, with their wire names. */
public enum KvVerb {
    SET("set", false),
    DELETE("delete", false),
    DELETE_TREE("delete-tree", false),
    CAS("cas", false),
    DELETE_CAS("delete-cas", false),
    LOCK("lock", false),
    UNLOCK("unlock", false),
    GET("get", true),
    GET_TREE("get-tree", true),
    GET_OR_EMPTY("get-or-empty", true),
    CHECK_INDEX("check-index", true),
    CHECK_SESSION("check-session", true),
    CHECK_NOT_EXISTS("check-not-exists", true);

    private final String wireName;
    private final boolean readOnly;

    KvVerb(String wireName, boolean readOnly) {
        this.wireName = wireName;
        this.readOnly = readOnly;
    }

    public String wireName() {
        return wireName;
    }

    /** True for verbs that neither change data nor need Raft. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The verb with this wire name (case-insensitive), or null. */
    public static KvVerb fromWire(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (KvVerb v : values()) {
            if (v.wireName.equals(lower)) {
                return v;
            }
        }
        return null;
    }
}
