package org.proconsul.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.state.StateStore;

/** {@code consul:autopilot-get}: autopilot's replicated settings as this server holds them (like {@code -stale}). */
@Service
@Command(scope = "consul", name = "autopilot-get", description = "Shows autopilot's settings")
public class AutopilotGetAction implements Action {

    @Reference
    StateStore store;

    @Override
    public Object execute() {
        Optional<AutopilotConfigEntry> entry = store.autopilotConfiguration().value();
        if (entry.isEmpty()) {
            System.err.println("Error querying Autopilot configuration: autopilot config not initialized yet");
            return null;
        }
        System.out.print(AutopilotText.lines(entry.get().config()));
        return null;
    }
}
