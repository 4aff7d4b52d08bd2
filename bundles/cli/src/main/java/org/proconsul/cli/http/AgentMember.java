package org.proconsul.cli.http;

import java.util.Map;

/** One gossip member from {@code /v1/agent/members}. {@code status} is Serf's number (1 alive … 4 failed). */
public final class AgentMember {
    private final String name;
    private final String addr;
    private final int port;
    private final Map<String, String> tags;
    private final int status;

    public AgentMember(String name, String addr, int port, Map<String, String> tags, int status) {
        this.name = name;
        this.addr = addr;
        this.port = port;
        this.tags = tags;
        this.status = status;
    }

    public String name() {
        return name;
    }

    public String addr() {
        return addr;
    }

    public int port() {
        return port;
    }

    /** Mutable copy of the member's tags. */
    public Map<String, String> tags() {
        return tags;
    }

    public int status() {
        return status;
    }
}
