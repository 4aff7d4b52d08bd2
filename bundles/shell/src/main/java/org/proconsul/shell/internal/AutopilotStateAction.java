package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.autopilot.AutopilotReport;
import org.proconsul.api.autopilot.AutopilotStatus;
import org.proconsul.api.time.GoDuration;

/** {@code consul:autopilot-state}: autopilot's view of the servers; on a server that does not lead, empty. */
@Service
@Command(scope = "consul", name = "autopilot-state", description = "Shows autopilot's view of the servers")
public class AutopilotStateAction implements Action {

    @Reference
    AutopilotStatus status;

    @Override
    public Object execute() {
        AutopilotReport r = status.report();
        System.out.println("Healthy: " + r.healthy() + "   Failure Tolerance: " + r.failureTolerance()
                + "   Leader: " + r.leaderId());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Node", "ID", "Address", "Status", "Node Status", "Healthy", "Last Contact",
            "Last Term", "Last Index"});
        for (AutopilotReport.Server s : r.servers()) {
            rows.add(new String[] {s.name(), s.id(), s.address(), s.status(), s.nodeStatus(),
                Boolean.toString(s.healthy()),
                s.lastContactMs() < 0 ? "never" : GoDuration.format(java.time.Duration.ofMillis(s.lastContactMs())),
                Long.toString(s.lastTerm()), Long.toString(s.lastIndex())});
        }
        System.out.print(Table.format(rows));
        return null;
    }
}
