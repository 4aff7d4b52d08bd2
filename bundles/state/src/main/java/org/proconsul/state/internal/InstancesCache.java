package org.proconsul.state.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.proconsul.api.catalog.ServiceEntry;

/**
 * A service's instances (node, service, checks) as last assembled, kept while the catalog's index has not
 * moved: many clients watching one service ({@code /v1/health/service}, DNS) then share one assembly per
 * change instead of decoding every instance for every request. The same index means the same committed
 * state, so an entry is never stale; entries are immutable and shared. Bounded by the instances held.
 */
final class InstancesCache {
    /** Upper bound of instances held over all services. */
    static final int MAX_INSTANCES = 20_000;

    private record Entry(long index, List<ServiceEntry> instances) {
    }

    private final LinkedHashMap<String, Entry> byService = new LinkedHashMap<>(16, 0.75f, true);
    private int held;

    List<ServiceEntry> get(String service, long index, Supplier<List<ServiceEntry>> assemble) {
        synchronized (this) {
            Entry e = byService.get(service);
            if (e != null && e.index() == index) {
                return e.instances();
            }
        }
        List<ServiceEntry> fresh = List.copyOf(assemble.get());
        synchronized (this) {
            Entry old = byService.get(service);
            if (old != null && old.index() > index) {
                return fresh; // a newer assembly came in meanwhile: keep it
            }
            if (old != null) {
                held -= old.instances().size();
                byService.remove(service);
            }
            if (fresh.size() <= MAX_INSTANCES) {
                byService.put(service, new Entry(index, fresh));
                held += fresh.size();
                for (Iterator<Map.Entry<String, Entry>> it = byService.entrySet().iterator();
                        held > MAX_INSTANCES && it.hasNext();) {
                    Map.Entry<String, Entry> eldest = it.next();
                    held -= eldest.getValue().instances().size();
                    it.remove();
                }
            }
        }
        return fresh;
    }

    synchronized void clear() {
        byService.clear();
        held = 0;
    }
}
