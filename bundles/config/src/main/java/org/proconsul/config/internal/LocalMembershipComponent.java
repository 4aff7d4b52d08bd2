package org.proconsul.config.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;

/**
 * Membership of an agent that has joined no pool: itself, alive, with the tags Consul's agents gossip.
 * Ranked below the gossip bundle's service, which replaces it as soon as it is installed.
 */
@Component(service = Membership.class, property = "service.ranking:Integer=-100")
public final class LocalMembershipComponent implements Membership {
    /** Serf protocol and delegate versions Consul 1.x agents advertise. */
    private static final int PROTOCOL_MIN = 1;
    private static final int PROTOCOL_MAX = 5;
    private static final int PROTOCOL_CUR = 2;
    private static final int DELEGATE_MIN = 2;
    private static final int DELEGATE_MAX = 5;
    private static final int DELEGATE_CUR = 4;

    private final AgentConfig config;

    @Activate
    public LocalMembershipComponent(@Reference LocalAgent agent) {
        this.config = agent.config();
    }

    @Override
    public List<Member> members(boolean wan) {
        if (wan && !config.server()) {
            return List.of();
        }
        String name = wan ? config.nodeName() + "." + config.datacenter() : config.nodeName();
        int port = wan ? config.serfWanPort() : config.serfLanPort();
        return List.of(new Member(name, config.advertiseAddr(), port, tags(), MemberStatus.ALIVE, PROTOCOL_MIN,
                PROTOCOL_MAX, PROTOCOL_CUR, DELEGATE_MIN, DELEGATE_MAX, DELEGATE_CUR));
    }

    private Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("role", config.server() ? "consul" : "node");
        tags.put("dc", config.datacenter());
        tags.put("segment", "");
        tags.put("id", config.nodeId());
        tags.put("vsn", "2");
        tags.put("vsn_min", "2");
        tags.put("vsn_max", "3");
        tags.put("build", config.version() + ":" + config.revision());
        if (config.server()) {
            tags.put("raft_vsn", "3");
            tags.put("port", Integer.toString(config.serverPort()));
            tags.put("wan_join_port", Integer.toString(config.serfWanPort()));
            if (config.bootstrap()) {
                tags.put("bootstrap", "1");
            }
        }
        return tags;
    }
}
