package org.proconsul.gossip.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.gossip.core.GossipSettings;
import org.proconsul.gossip.core.LocalNode;
import org.proconsul.gossip.core.MemberView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's gossip pools as the {@link Membership} service: the LAN pool of its datacenter, and on
 * servers the WAN pool (members named {@code NODE.DC}). Joins the {@code retry_join} addresses in the
 * background until one answers, as Consul's agent does.
 */
@Component(service = Membership.class, configurationPid = "org.proconsul.gossip",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = GossipComponent.Config.class)
public final class GossipComponent implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(GossipComponent.class);

    @ObjectClassDefinition(name = "Proconsul gossip", description = "LAN and WAN gossip pools. Changes restart the pools.")
    public @interface Config {
        @AttributeDefinition(description = "Address to bind the serf ports on (bind_addr).")
        String bindAddr();

        @AttributeDefinition(description = "Address announced to the pool (advertise_addr).")
        String advertiseAddr();

        @AttributeDefinition(description = "ports.serf_lan")
        int lanPort() default 8301;

        @AttributeDefinition(description = "ports.serf_wan; -1 disables WAN gossip (servers only).")
        int wanPort() default 8302;

        @AttributeDefinition(description = "Base64 gossip key (encrypt); empty = no encryption unless the keyring file has keys.")
        String encrypt() default "";

        @AttributeDefinition(description = "disable_keyring_file")
        boolean disableKeyringFile() default false;

        @AttributeDefinition(description = "Data directory for serf/local.keyring and serf/local.snapshot; empty = none (-dev).")
        String dataDir() default "";

        @AttributeDefinition(description = "retry_join addresses, space-separated.")
        String retryJoin() default "";

        @AttributeDefinition(description = "retry_interval in seconds.")
        long retryIntervalSeconds() default 30;

        @AttributeDefinition(description = "retry_max (0 = forever).")
        int retryMax() default 0;

        @AttributeDefinition(description = "retry_join_wan addresses, space-separated.")
        String retryJoinWan() default "";

        @AttributeDefinition(description = "performance.leave_drain_time in milliseconds.")
        long leaveDrainMillis() default 5000;

        @AttributeDefinition(description = "bootstrap_expect, told to the other servers in the expect tag; 0 = unset.")
        int bootstrapExpect() default 0;
    }

    private final GossipPool lan;
    /** Consul lets a name dead for 30 s come back from another address (a server restarted on a new IP). */
    static final long DEAD_NODE_RECLAIM_MILLIS = 30_000;
    private final GossipPool wan;
    private final int lanPort;
    private final int wanPort;
    private final Duration leaveDrain;
    private final ScheduledExecutorService joiner;
    private final ServiceRegistration<ComponentReady> ready;
    private final String datacenter;

    @Activate
    public GossipComponent(Config config, BundleContext context, @Reference LocalAgent agent)
            throws IOException, InterruptedException {
        AgentConfig a = agent.config();
        this.datacenter = a.datacenter();
        Path dataDir = config.dataDir().isBlank() ? null : Path.of(config.dataDir());
        this.lanPort = config.lanPort();
        this.wanPort = a.server() ? config.wanPort() : -1;
        this.leaveDrain = Duration.ofMillis(config.leaveDrainMillis());
        InetAddress bindAddress = InetAddress.getByName(config.bindAddr());
        Map<String, String> tags = tags(a, config.bootstrapExpect());
        try {
            KeyringFile lanFile = dataDir == null || config.disableKeyringFile() ? null
                    : new KeyringFile(dataDir, KeyringFile.LAN);
            Keyring lanRing = KeyringFile.load(lanFile, config.encrypt(), config.disableKeyringFile(),
                    w -> LOG.warn("agent: {}", w));
            this.lan = new GossipPool("lan", GossipSettings.lan().withDeadNodeReclaim(DEAD_NODE_RECLAIM_MILLIS),
                    new LocalNode(a.nodeName(), config.advertiseAddr() + ":" + lanPort, tags), a.datacenter(), lanRing,
                    new InetSocketAddress(bindAddress, lanPort),
                    dataDir == null ? null : dataDir.resolve("serf").resolve("local.snapshot"));
            lan.onQuery(new KeyringQueries(lanRing, lanFile));
            if (wanPort > 0) {
                KeyringFile wanFile = dataDir == null || config.disableKeyringFile() ? null
                        : new KeyringFile(dataDir, KeyringFile.WAN);
                Keyring wanRing = KeyringFile.load(wanFile, config.encrypt(), config.disableKeyringFile(),
                        w -> LOG.warn("agent: {}", w));
                this.wan = new GossipPool("wan", GossipSettings.wan().withDeadNodeReclaim(DEAD_NODE_RECLAIM_MILLIS),
                        new LocalNode(a.nodeName() + "." + a.datacenter(), config.advertiseAddr() + ":" + wanPort, tags),
                        "wan", wanRing, new InetSocketAddress(bindAddress, wanPort),
                        dataDir == null ? null : dataDir.resolve("serf").resolve("remote.snapshot"));
                wan.onQuery(new KeyringQueries(wanRing, wanFile));
            } else {
                this.wan = null;
            }
        } catch (Keyring.KeyringException e) {
            throw new IllegalArgumentException("gossip: " + e.getMessage(), e);
        }
        lan.start();
        if (wan != null) {
            wan.start();
        }
        this.joiner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gossip-retry-join");
            t.setDaemon(true);
            return t;
        });
        retryJoin(words(config.retryJoin()), false, config.retryIntervalSeconds(), config.retryMax());
        retryJoin(words(config.retryJoinWan()), true, config.retryIntervalSeconds(), config.retryMax());
        this.ready = ComponentReady.register(context, "gossip");
    }

    private void retryJoin(List<String> addresses, boolean toWan, long intervalSeconds, int max) {
        if (addresses.isEmpty() || (toWan && wan == null)) {
            return;
        }
        String pool = toWan ? "WAN" : "LAN";
        int[] attempts = {0};
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                attempts[0]++;
                LOG.info("agent: ({}) joining: {}", pool, addresses);
                try {
                    int joined = join(addresses, toWan);
                    if (joined > 0) {
                        LOG.info("agent: ({}) joined: number_of_nodes={}", pool, joined);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (max > 0 && attempts[0] >= max) {
                    LOG.error("agent: ({}) max join retry exhausted, exiting retry", pool);
                    return;
                }
                LOG.warn("agent: ({}) join failed, retrying in {}s", pool, intervalSeconds);
                joiner.schedule(this, intervalSeconds, TimeUnit.SECONDS);
            }
        };
        joiner.execute(attempt);
    }

    private static Map<String, String> tags(AgentConfig a, int bootstrapExpect) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("role", a.server() ? "consul" : "node");
        tags.put("dc", a.datacenter());
        tags.put("segment", "");
        tags.put("id", a.nodeId());
        tags.put("vsn", "2");
        tags.put("vsn_min", "2");
        tags.put("vsn_max", "3");
        tags.put("build", a.version() + ":" + a.revision());
        if (a.server()) {
            tags.put("raft_vsn", "3");
            tags.put("port", Integer.toString(a.serverPort()));
            tags.put("wan_join_port", Integer.toString(a.serfWanPort()));
            if (a.bootstrap()) {
                tags.put("bootstrap", "1");
            }
            if (bootstrapExpect > 0) {
                tags.put("expect", Integer.toString(bootstrapExpect));
            }
        }
        return tags;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public List<Member> members(boolean wanPool) {
        GossipPool pool = wanPool ? wan : lan;
        if (pool == null) {
            return List.of();
        }
        List<Member> out = new ArrayList<>();
        for (MemberView v : pool.members()) {
            out.add(new Member(v.name(), v.address(), v.port(), v.tags(),
                    MemberStatus.valueOf(v.status().name().toUpperCase(Locale.ROOT)), v.protocolMin(), v.protocolMax(),
                    v.protocolCur(), v.delegateMin(), v.delegateMax(), v.delegateCur()));
        }
        return out;
    }

    @Override
    public int join(List<String> addresses, boolean toWan) throws InterruptedException {
        GossipPool pool = toWan ? wan : lan;
        if (pool == null) {
            return 0;
        }
        int port = toWan ? wanPort : lanPort;
        List<String> withPorts = new ArrayList<>();
        for (String address : addresses) {
            withPorts.add(address.lastIndexOf(':') > address.lastIndexOf(']') ? address : address + ":" + port);
        }
        return pool.join(withPorts);
    }

    @Override
    public void leave() throws InterruptedException {
        if (wan != null) {
            wan.leave(leaveDrain);
        }
        lan.leave(leaveDrain);
    }

    @Override
    public ForceLeaveResult forceLeave(String node, boolean prune, boolean toWan) throws InterruptedException {
        GossipPool pool = toWan ? wan : lan;
        if (pool == null) {
            return ForceLeaveResult.UNKNOWN_NODE;
        }
        org.proconsul.gossip.core.ForceLeaveResult r = pool.forceLeave(node, prune);
        return ForceLeaveResult.valueOf(r.name());
    }

    @Override
    public List<org.proconsul.api.membership.KeyringPool> keyring(
            org.proconsul.api.membership.KeyringPool.Operation operation, String key, boolean localOnly,
            int relayFactor) throws InterruptedException {
        List<org.proconsul.api.membership.KeyringPool> out = new ArrayList<>();
        if (wan != null && !localOnly) {
            out.add(KeyringQueries.run(wan, true, datacenter, operation, key, relayFactor));
        }
        out.add(KeyringQueries.run(lan, false, datacenter, operation, key, relayFactor));
        return out;
    }

    /**
     * Set by the launcher when the signal that stops the agent calls for a graceful leave
     * (leave_on_terminate, skip_leave_on_interrupt); a system property because the launcher runs outside
     * the framework and shares no classes with it.
     */
    static final String LEAVE_ON_STOP_PROPERTY = "proconsul.leave.on.stop";

    @Deactivate
    void deactivate() {
        ready.unregister();
        joiner.shutdownNow();
        if (Boolean.getBoolean(LEAVE_ON_STOP_PROPERTY)) {
            try {
                leave();
                LOG.info("agent: graceful leave complete");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (wan != null) {
            wan.close();
        }
        lan.close();
        LOG.info("gossip: pools stopped");
    }
}
