package org.proconsul.api.agent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by a required component once it really works (a listener bound, a log opened), with the
 * service property {@value #PROPERTY} naming it. A DS service alone does not say that: SCR may
 * register it before the component is activated. The launcher waits for these before it reports the
 * agent running, and stops the agent when one does not come.
 */
@ConsumerType
public interface ComponentReady {
    String PROPERTY = "proconsul.ready";

    /** The component's short name, equal to the {@value #PROPERTY} property. */
    String name();

    /** Property of a marker saying the component could not start: its short name. */
    String FAILED_PROPERTY = "proconsul.failed";
    /** The operator-facing reason on a failure marker. */
    String REASON_PROPERTY = "proconsul.reason";

    /**
     * Tells the launcher that {@code name} cannot start and why, so it stops at once with that reason
     * instead of waiting out its start timeout. Registered through the bundle's context: it lasts until the
     * bundle stops, which is what start-up needs.
     */
    static org.osgi.framework.ServiceRegistration<ComponentReady> failed(org.osgi.framework.BundleContext context,
            String name, String reason) {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(FAILED_PROPERTY, name);
        props.put(REASON_PROPERTY, reason == null ? name + " failed to start" : reason);
        return context.registerService(ComponentReady.class, () -> name, props);
    }

    /** Registers a marker for {@code name} through {@code context}; unregister it on deactivation. */
    static org.osgi.framework.ServiceRegistration<ComponentReady> register(org.osgi.framework.BundleContext context,
            String name) {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(PROPERTY, name);
        return context.registerService(ComponentReady.class, () -> name, props);
    }
}
