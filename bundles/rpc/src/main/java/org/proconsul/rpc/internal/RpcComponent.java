package org.proconsul.rpc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.rpc.MessageChannel;
import org.proconsul.api.rpc.MessageListener;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.rpc.RpcHandler;
import org.proconsul.api.time.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's RPC as a service: on servers the listener on {@code ports.server} (8300), on every agent
 * the client. Handlers ({@code rpc.service}) and channel listeners ({@code rpc.channel}) come and go as
 * bundles register them.
 */
@Component(service = RpcClient.class, configurationPid = "org.proconsul.rpc",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RpcComponent.Config.class)
public final class RpcComponent implements RpcClient {
    private static final Logger LOG = LoggerFactory.getLogger(RpcComponent.class);

    @ObjectClassDefinition(name = "Proconsul RPC", description = "Server RPC listener and client. Changes restart both.")
    public @interface Config {
        @AttributeDefinition(description = "Address the listener binds (bind_addr).")
        String bindAddress() default "0.0.0.0";

        @AttributeDefinition(description = "ports.server; -1 = no listener (client agents).")
        int port() default 8300;

        @AttributeDefinition(description = "Largest frame accepted or sent, in bytes.")
        int maxFrameBytes() default 32 << 20;

        @AttributeDefinition(description = "Connect timeout for calls, Go duration.")
        String connectTimeout() default "5s";
    }

    private final RpcNode node;
    private final ServiceRegistration<ComponentReady> ready;

    @Activate
    public RpcComponent(Config config, BundleContext context) throws IOException {
        Duration timeout = GoDuration.parseOrNull(config.connectTimeout());
        InetSocketAddress bind = config.port() > 0
                ? new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()) : null;
        this.node = new RpcNode(bind, config.maxFrameBytes(), timeout == null ? Duration.ofSeconds(5) : timeout);
        this.ready = ComponentReady.register(context, "rpc");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + RpcHandler.SERVICE_PROPERTY + "=*)")
    void addHandler(RpcHandler handler, Map<String, Object> props) {
        node.addHandler(String.valueOf(props.get(RpcHandler.SERVICE_PROPERTY)), handler);
    }

    void removeHandler(RpcHandler handler, Map<String, Object> props) {
        node.removeHandler(String.valueOf(props.get(RpcHandler.SERVICE_PROPERTY)), handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + MessageListener.CHANNEL_PROPERTY + "=*)")
    void addListener(MessageListener l, Map<String, Object> props) {
        MessageChannel c = channel(props);
        if (c != null) {
            node.addListener(c, l);
        }
    }

    void removeListener(MessageListener l, Map<String, Object> props) {
        MessageChannel c = channel(props);
        if (c != null) {
            node.removeListener(c, l);
        }
    }

    private static MessageChannel channel(Map<String, Object> props) {
        try {
            return MessageChannel.valueOf(String.valueOf(props.get(MessageListener.CHANNEL_PROPERTY)));
        } catch (IllegalArgumentException e) {
            LOG.warn("rpc: ignoring a listener for unknown channel {}", props.get(MessageListener.CHANNEL_PROPERTY));
            return null;
        }
    }

    @Override
    public CompletableFuture<byte[]> call(String address, String service, byte[] request, Duration timeout) {
        return node.call(address, service, request, timeout);
    }

    @Override
    public void send(String address, MessageChannel channel, byte[] message) {
        node.send(address, channel, message);
    }

    @Deactivate
    void deactivate() {
        ready.unregister();
        node.close();
    }
}
