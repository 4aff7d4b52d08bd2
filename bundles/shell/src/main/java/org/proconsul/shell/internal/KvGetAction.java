package org.proconsul.shell.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.state.StateStore;

/** {@code consul:kv-get KEY}: prints the value, like {@code consul kv get}. */
@Service
@Command(scope = "consul", name = "kv-get", description = "Prints the value stored under a key")
public class KvGetAction implements Action {

    @Reference
    StateStore store;

    @Argument(index = 0, name = "key", description = "The key to read", required = true)
    String key;

    @Override
    public Object execute() {
        Optional<KvEntry> entry = store.kvGet(key).value();
        if (entry.isEmpty()) {
            System.err.println("Error! No key exists at: " + key);
            return null;
        }
        System.out.println(new String(entry.get().value(), StandardCharsets.UTF_8));
        return null;
    }
}
