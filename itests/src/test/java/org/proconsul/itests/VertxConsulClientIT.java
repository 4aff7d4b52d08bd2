package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.ext.consul.TxnKVOperation;
import io.vertx.ext.consul.TxnKVVerb;
import io.vertx.ext.consul.TxnRequest;
import io.vertx.ext.consul.TxnResponse;

/** A third-party Consul client (Vert.x) against a real agent: stricter than our reading of the docs. */
class VertxConsulClientIT {
    private static final String IP = "127.0.0.8";

    @TempDir
    static Path tmp;
    static AgentProcess agent;
    static Vertx vertx;
    static ConsulClient consul;

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
        vertx = Vertx.vertx();
        consul = ConsulClient.create(vertx, new ConsulClientOptions().setHost(IP).setPort(8500));
    }

    @AfterAll
    static void stop() throws Exception {
        if (consul != null) {
            consul.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void S12_kvThroughTheVertxClient() throws Exception {
        assertTrue(await(consul.putValue("vx/a", "alpha")));
        KeyValue a = await(consul.getValue("vx/a"));
        assertEquals("alpha", a.getValue());
        assertTrue(a.getModifyIndex() > 0);
        KeyValue missing = await(consul.getValue("vx/none"));
        assertTrue(missing == null || !missing.isPresent(), "a missing key is absent, not an error");

        await(consul.putValue("vx/b", "beta"));
        List<String> keys = await(consul.getKeys("vx/"));
        assertEquals(List.of("vx/a", "vx/b"), keys);
        KeyValueList values = await(consul.getValues("vx/"));
        assertEquals(2, values.getList().size());

        await(consul.deleteValue("vx/b"));
        assertEquals(List.of("vx/a"), await(consul.getKeys("vx/")));
        // (the client's own leaderStatus() cuts the last character off any Consul's answer, so ask agent/self)
        assertEquals("dev-" + IP, await(consul.agentInfo()).getJsonObject("Config").getString("NodeName"));
    }

    @Test
    void S12_transactionAndBlockingQueryThroughTheVertxClient() throws Exception {
        TxnRequest txn = new TxnRequest()
                .addOperation(new TxnKVOperation().setKey("vt/t1").setValue("1").setType(TxnKVVerb.SET))
                .addOperation(new TxnKVOperation().setKey("vt/t2").setValue("2").setType(TxnKVVerb.SET));
        TxnResponse response = await(consul.transaction(txn));
        assertEquals(0, response.getErrors().size());
        assertEquals(2, response.getResults().size());

        KeyValue t1 = await(consul.getValue("vt/t1"));
        long index = t1.getModifyIndex();
        Future<KeyValue> parked = consul.getValueWithOptions("vt/t1",
                new BlockingQueryOptions().setIndex(index).setWait("20s"));
        Thread.sleep(300);
        assertTrue(!parked.isComplete(), "the blocking query waits");
        await(consul.putValue("vt/t1", "changed"));
        KeyValue changed = await(parked);
        assertEquals("changed", changed.getValue());
        assertTrue(changed.getModifyIndex() > index);
    }

    @Test
    void S14_catalogAndHealthThroughTheVertxClient() throws Exception {
        // the leader keeps the dev agent itself in the catalog: its node, serfHealth, and the consul service
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (await(consul.catalogServices()).getList().stream().noneMatch(s -> s.getName().equals("consul"))) {
            assertTrue(System.nanoTime() < deadline, "the consul service never showed in the catalog");
            Thread.sleep(200);
        }
        assertTrue(await(consul.catalogNodes()).getList().stream()
                .anyMatch(n -> n.getName().equals("dev-" + IP) && n.getAddress().equals(IP)));
        io.vertx.ext.consul.ServiceEntryList servers = await(consul.healthServiceNodes("consul", true));
        assertEquals(1, servers.getList().size());
        assertEquals(8300, servers.getList().get(0).getService().getPort());
        assertTrue(servers.getList().get(0).getChecks().stream().anyMatch(c -> c.getId().equals("serfHealth")
                && c.getStatus() == io.vertx.ext.consul.CheckStatus.PASSING));
        assertEquals(List.of("dc1"), await(consul.catalogDatacenters()));

        // an external service registered through the client's catalog call, read back, removed
        io.vertx.core.Promise<Void> registered = io.vertx.core.Promise.promise();
        consul.registerCatalogService(new io.vertx.ext.consul.Node().setName("ext-1").setAddress("10.9.9.9"),
                new io.vertx.ext.consul.ServiceOptions().setName("vxweb").setId("vxweb-1").setTags(List.of("v1"))
                        .setPort(8081), registered);
        await(registered.future());
        io.vertx.ext.consul.ServiceList web = await(consul.catalogServiceNodes("vxweb"));
        assertEquals(1, web.getList().size());
        assertEquals("ext-1", web.getList().get(0).getNode());
        assertEquals(8081, web.getList().get(0).getPort());
        assertEquals(List.of("v1"), web.getList().get(0).getTags());
        io.vertx.ext.consul.ServiceEntryList health = await(consul.healthServiceNodes("vxweb", false));
        assertEquals("10.9.9.9", health.getList().get(0).getNode().getAddress());
        assertTrue(await(consul.healthServiceNodes("vxweb", true)).getList().size() == 1, "no checks: passing");
        io.vertx.core.Promise<Void> removed = io.vertx.core.Promise.promise();
        consul.deregisterCatalogService("ext-1", "vxweb-1", removed);
        await(removed.future());
        assertTrue(await(consul.catalogServiceNodes("vxweb")).getList().isEmpty());
    }
}
