package org.proconsul.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.session.Session;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** Sessions through the state machine's commands: Consul's create rules, locks, and every way a session ends. */
class SessionStateTest {
    private KvStateStore store;
    private long index;

    @BeforeEach
    void open() {
        store = new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
        index = 0;
        registerNode("n1", HealthCheck.PASSING);
    }

    private void registerNode(String node, String serfStatus) {
        apply(new Command.CatalogRegister(new Registration(new CatalogNode("", node, "10.0.0.1", "dc1", Map.of(),
                Map.of(), 0, 0), null, List.of(new HealthCheck("", "serfHealth", "Serf Health Status", serfStatus, "",
                "", "", "", List.of(), "", 0, 0)), false)));
    }

    private Object apply(Command command) {
        return store.apply(++index, Command.encode(command));
    }

    private static Session session(String id, String node, String behavior, Duration lockDelay, List<String> checks) {
        return new Session(id, "s-" + id, node, lockDelay, behavior, null, checks, List.of(), 0, 0);
    }

    private ApplyResponse.Single create(Session s) {
        return (ApplyResponse.Single) apply(new Command.SessionCreate(s));
    }

    private boolean lock(String key, String session) {
        return ((ApplyResponse.Single) apply(new Command.Kv(true, List.of(new KvTxnOp(KvVerb.LOCK, key,
                key.getBytes(), 0, 0, session))))).success();
    }

    private KvEntry entry(String key) {
        return store.kvGet(key).value().orElse(null);
    }

    @Test
    void aSessionNeedsItsNodeAndHealthyChecks() {
        assertEquals("Missing node registration", create(session("a", "ghost", "", Duration.ZERO,
                List.of("serfHealth"))).error());
        assertEquals("Missing check 'web' registration", create(session("a", "n1", "", Duration.ZERO,
                List.of("serfHealth", "web"))).error());
        registerNode("n2", HealthCheck.CRITICAL);
        assertEquals("Check 'serfHealth' is in critical state", create(session("a", "n2", "", Duration.ZERO,
                List.of("serfHealth"))).error());
        assertTrue(store.sessions().value().isEmpty(), "nothing written by a refused create");
        assertTrue(create(session("a", "n1", "", Duration.ofSeconds(15), List.of("serfHealth"))).success());
        Session stored = store.session("a").value().orElseThrow();
        assertEquals(index, stored.createIndex());
        assertEquals(Duration.ofSeconds(15), stored.lockDelay());
        assertEquals(index, store.sessions().index());
        assertEquals(List.of("a"), store.nodeSessions("n1").value().stream().map(Session::id).toList());
    }

    @Test
    void destroyReleasesHeldKeysAndStartsTheirLockDelay() {
        create(session("a", "n1", Session.RELEASE, Duration.ofSeconds(15), List.of("serfHealth")));
        create(session("b", "n1", Session.RELEASE, Duration.ZERO, List.of()));
        assertTrue(lock("svc/leader", "a"));
        assertFalse(lock("svc/leader", "b"), "held by another session");
        assertTrue(lock("svc/other", "b"));
        KvEntry held = entry("svc/leader");
        assertEquals("a", held.session());
        assertEquals(1, held.lockIndex());

        apply(new Command.SessionDestroy("a"));
        KvEntry released = entry("svc/leader");
        assertNull(released.session());
        assertEquals(1, released.lockIndex(), "LockIndex kept");
        assertEquals(index, released.modifyIndex(), "ModifyIndex moved");
        assertEquals("svc/leader".getBytes().length, released.value().length, "value kept");
        assertTrue(store.lockDelayEnds("svc/leader").isAfter(Instant.now().plusSeconds(14)));
        assertEquals(Instant.MIN, store.lockDelayEnds("svc/other"));
        assertEquals("b", entry("svc/other").session(), "another session's key untouched");
        assertTrue(store.session("a").value().isEmpty());
        assertTrue(lock("svc/leader", "b"), "the state machine itself does not know the delay; the leader checks it");
        assertEquals(2, entry("svc/leader").lockIndex());
    }

    @Test
    void aDeleteSessionTakesItsKeysWithIt() {
        create(session("d", "n1", Session.DELETE, Duration.ZERO, List.of()));
        assertTrue(lock("eph/a", "d"));
        apply(new Command.SessionDestroy("d"));
        assertNull(entry("eph/a"));
        assertEquals(Instant.MIN, store.lockDelayEnds("eph/a"), "a zero lock delay starts none");
    }

    @Test
    void aCriticalCheckOrARemovedNodeEndsTheSessionsOnIt() {
        create(session("a", "n1", Session.RELEASE, Duration.ofSeconds(5), List.of("serfHealth")));
        create(session("free", "n1", Session.RELEASE, Duration.ZERO, List.of()));
        lock("k", "a");
        registerNode("n1", HealthCheck.CRITICAL);
        assertTrue(store.session("a").value().isEmpty(), "serfHealth critical ends a");
        assertNull(entry("k").session());
        assertTrue(store.lockDelayEnds("k").isAfter(Instant.now()));
        assertTrue(store.session("free").value().isPresent(), "a session without checks does not depend on them");
        apply(new Command.CatalogDeregister(new Deregistration("n1", "", "")));
        assertTrue(store.session("free").value().isEmpty(), "the node's deregistration ends every session on it");
    }

    @Test
    void releaseByTheHolderKeepsNoDelayAndAReleasedKeyLeavesTheIndex() {
        create(session("a", "n1", Session.DELETE, Duration.ofSeconds(15), List.of()));
        lock("k", "a");
        assertTrue(((ApplyResponse.Single) apply(new Command.Kv(true, List.of(new KvTxnOp(KvVerb.UNLOCK, "k",
                new byte[0], 0, 0, "a"))))).success());
        apply(new Command.SessionDestroy("a"));
        assertTrue(store.kvGet("k").value().isPresent(), "a key released before the session ended is not deleted");
        assertEquals(Instant.MIN, store.lockDelayEnds("k"));
    }
}
