package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.Membership;

/** {@code consul:members}: the gossip members in {@code consul members}' columns. */
@Service
@Command(scope = "consul", name = "members", description = "Lists the members of the cluster as gossip sees them")
public class MembersAction implements Action {

    @Reference
    Membership membership;

    @Option(name = "-wan", description = "List the WAN pool (servers of every datacenter)")
    boolean wan;

    @Override
    public Object execute() {
        List<Member> members = new ArrayList<>(membership.members(wan));
        members.sort(Comparator.comparing((Member m) -> !"consul".equals(m.tags().get("role")))
                .thenComparing(Member::name));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Node", "Address", "Status", "Type", "Build", "Protocol", "DC", "Segment"});
        for (Member m : members) {
            boolean server = "consul".equals(m.tags().get("role"));
            String build = m.tags().getOrDefault("build", "");
            int colon = build.indexOf(':');
            rows.add(new String[] {m.name(), m.address() + ":" + m.port(),
                    m.status().name().toLowerCase(Locale.ROOT), server ? "server" : "client",
                    colon < 0 ? build : build.substring(0, colon), m.tags().getOrDefault("vsn", ""),
                    m.tags().getOrDefault("dc", ""), server ? "<all>" : "<default>"});
        }
        System.out.print(Table.format(rows));
        return null;
    }
}
