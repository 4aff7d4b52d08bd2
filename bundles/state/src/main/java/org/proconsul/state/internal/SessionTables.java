package org.proconsul.state.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.session.Session;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.ReadView;

/**
 * Sessions in the state store, with Consul's rules: a session needs its node and each of its checks
 * registered and none of them critical; it ends when destroyed, when its node is deregistered, or when
 * one of its checks turns critical or is removed. Ending a session applies its behavior to the keys it
 * holds (release: the holder is cleared; delete: the key goes) and starts their lock delay. Two index
 * tables find what a session touches: {@link #SESSION_KEYS} (session, key) and {@link #SESSION_CHECKS}
 * (node, check, session).
 */
final class SessionTables {
    static final String SESSION_KEYS = "session_keys";
    static final String SESSION_CHECKS = "session_checks";
    private static final String NUL = "\0";

    /** A key whose lock delay starts when this command is applied. */
    record LockDelay(String key, Duration delay) {
    }

    private SessionTables() {
    }

    /** Stores a new session; returns Consul's error text when refused (nothing written then). */
    static String create(StagedView staged, long index, Session s, CatalogTables.Touched touched) {
        if (staged.get(StateStore.NODES, Codec.utf8(s.node())) == null) {
            return "Missing node registration";
        }
        for (String check : s.allChecks()) {
            byte[] stored = staged.get(StateStore.CHECKS, Codec.utf8(s.node() + NUL + check));
            if (stored == null) {
                return "Missing check '" + check + "' registration";
            }
            if (HealthCheck.CRITICAL.equals(org.proconsul.api.catalog.CatalogWire.check(stored).status())) {
                return "Check '" + check + "' is in critical state";
            }
        }
        byte[] id = Codec.utf8(s.id());
        Session old = decodeOrNull(staged.get(StateStore.SESSIONS, id));
        staged.put(StateStore.SESSIONS, id, SessionCodec.encode(s.withIndexes(old == null ? index : old.createIndex(),
                index)));
        for (String check : s.allChecks()) {
            staged.put(SESSION_CHECKS, Codec.utf8(s.node() + NUL + check + NUL + s.id()), new byte[0]);
        }
        touched.tables.add(StateStore.SESSIONS);
        return null;
    }

    /**
     * Ends a session: its held keys are released or deleted through {@code kv} (flushed by the caller) and
     * get their lock delay; false when no such session exists.
     */
    static boolean destroy(StagedView staged, String id, KvOverlay kv, long index, List<LockDelay> delays,
            CatalogTables.Touched touched) {
        Session s = decodeOrNull(staged.get(StateStore.SESSIONS, Codec.utf8(id)));
        if (s == null) {
            return false;
        }
        for (String key : heldKeys(staged, id)) {
            Optional<KvEntry> entry = kv.get(key);
            if (entry.isEmpty() || !id.equals(entry.get().session())) {
                continue;
            }
            KvEntry e = entry.get();
            if (Session.DELETE.equals(s.behavior())) {
                kv.delete(key);
            } else {
                kv.put(new KvEntry(key, e.value(), e.flags(), e.createIndex(), index, e.lockIndex(), null));
            }
            if (!s.lockDelay().isZero()) {
                delays.add(new LockDelay(key, s.lockDelay()));
            }
        }
        for (String check : s.allChecks()) {
            staged.delete(SESSION_CHECKS, Codec.utf8(s.node() + NUL + check + NUL + id));
        }
        staged.delete(StateStore.SESSIONS, Codec.utf8(id));
        touched.tables.add(StateStore.SESSIONS);
        return true;
    }

    /** The sessions that depend on any of these checks of the node (critical now, or removed). */
    static Set<String> sessionsOfChecks(ReadView view, String node, Collection<String> checks) {
        Set<String> out = new LinkedHashSet<>();
        for (String check : checks) {
            byte[] from = Codec.utf8(node + NUL + check + NUL);
            view.scan(SESSION_CHECKS, from, Bytes.prefixEnd(from), (k, v) -> {
                String key = Codec.string(k);
                out.add(key.substring(key.lastIndexOf('\0') + 1));
                return true;
            });
        }
        return out;
    }

    /** The sessions of a node. */
    static List<Session> ofNode(ReadView view, String node) {
        List<Session> out = new ArrayList<>();
        for (Session s : all(view)) {
            if (s.node().equals(node)) {
                out.add(s);
            }
        }
        return out;
    }

    static List<Session> all(ReadView view) {
        List<Session> out = new ArrayList<>();
        view.scan(StateStore.SESSIONS, new byte[0], null, (k, v) -> {
            out.add(SessionCodec.decode(v));
            return true;
        });
        return out;
    }

    static Optional<Session> get(ReadView view, String id) {
        return Optional.ofNullable(decodeOrNull(view.get(StateStore.SESSIONS, Codec.utf8(id))));
    }

    static boolean exists(ReadView view, String id) {
        return id != null && view.get(StateStore.SESSIONS, Codec.utf8(id)) != null;
    }

    /** Keeps the session → key index in step with a key's holder changing (called for every key written). */
    static void holderChanged(StagedView staged, String key, String oldSession, String newSession) {
        if (oldSession != null && !oldSession.equals(newSession)) {
            staged.delete(SESSION_KEYS, Codec.utf8(oldSession + NUL + key));
        }
        if (newSession != null && !newSession.equals(oldSession)) {
            staged.put(SESSION_KEYS, Codec.utf8(newSession + NUL + key), new byte[0]);
        }
    }

    private static List<String> heldKeys(ReadView view, String session) {
        List<String> keys = new ArrayList<>();
        byte[] from = Codec.utf8(session + NUL);
        view.scan(SESSION_KEYS, from, Bytes.prefixEnd(from), (k, v) -> {
            String key = Codec.string(k);
            keys.add(key.substring(session.length() + 1));
            return true;
        });
        return keys;
    }

    private static Session decodeOrNull(byte[] stored) {
        return stored == null ? null : SessionCodec.decode(stored);
    }
}
