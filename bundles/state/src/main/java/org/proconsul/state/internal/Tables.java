package org.proconsul.state.internal;

/** Names of the maps the state store keeps in its database, and the keys of its meta map. */
final class Tables {
    static final String KV = "kv";
    /** Deleted keys with the index of their deletion, so blocking queries see deletes. */
    static final String KV_TOMBSTONES = "kv_tombstones";
    static final String SESSIONS = "sessions";
    static final String META = "meta";
    /** Autopilot's settings, under {@link #AUTOPILOT_CONFIG}. */
    static final String AUTOPILOT = "autopilot";
    /** Parts of a snapshot restore in progress: key {@code restoreId NUL seq(4 bytes)}. */
    static final String RESTORE = "restore";
    static final byte[] AUTOPILOT_CONFIG = Codec.utf8("config");

    static final byte[] META_APPLIED = Codec.utf8("applied_index");

    private Tables() {
    }

    /** The meta key holding the index of the last change to a table. */
    static byte[] tableIndexKey(String table) {
        return Codec.utf8("index." + table);
    }
}
