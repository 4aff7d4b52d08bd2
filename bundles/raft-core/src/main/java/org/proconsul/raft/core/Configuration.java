package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The servers of a Raft cluster, in the order they were added. Ids are unique. */
public record Configuration(List<Server> servers) {

    public static final Configuration EMPTY = new Configuration(List.of());

    public Configuration {
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Set<String> ids = new HashSet<>();
        for (Server server : servers) {
            if (!ids.add(server.id())) {
                throw new IllegalArgumentException("duplicate server id in configuration: " + server.id());
            }
        }
    }

    public static Configuration of(Server... servers) {
        return new Configuration(List.of(servers));
    }

    /** Voter ids, sorted so that iteration is deterministic. */
    public Set<String> voterIds() {
        Set<String> ids = new TreeSet<>();
        for (Server server : servers) {
            if (server.voter()) {
                ids.add(server.id());
            }
        }
        return ids;
    }

    /** All server ids, voters and non-voters, sorted. */
    public Set<String> serverIds() {
        Set<String> ids = new TreeSet<>();
        for (Server server : servers) {
            ids.add(server.id());
        }
        return ids;
    }

    public Optional<Server> server(String id) {
        for (Server server : servers) {
            if (server.id().equals(id)) {
                return Optional.of(server);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String id) {
        return server(id).isPresent();
    }

    public boolean isVoter(String id) {
        return server(id).map(Server::voter).orElse(false);
    }

    /** A copy with {@code server} added, or replacing the server with the same id in place. */
    public Configuration with(Server server) {
        List<Server> next = new ArrayList<>(servers.size() + 1);
        boolean replaced = false;
        for (Server s : servers) {
            if (s.id().equals(server.id())) {
                next.add(server);
                replaced = true;
            } else {
                next.add(s);
            }
        }
        if (!replaced) {
            next.add(server);
        }
        return new Configuration(next);
    }

    public Configuration without(String id) {
        List<Server> next = new ArrayList<>(servers.size());
        for (Server s : servers) {
            if (!s.id().equals(id)) {
                next.add(s);
            }
        }
        return new Configuration(next);
    }

    /** One-line form for operator events, e.g. {@code voters=[a,b] nonVoters=[c]}. */
    public String describe() {
        List<String> voters = new ArrayList<>();
        List<String> nonVoters = new ArrayList<>();
        for (Server s : servers) {
            (s.voter() ? voters : nonVoters).add(s.id());
        }
        return "voters=" + voters + " nonVoters=" + nonVoters;
    }
}
