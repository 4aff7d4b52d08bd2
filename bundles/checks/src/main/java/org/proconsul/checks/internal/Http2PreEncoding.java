package org.proconsul.checks.internal;

import java.lang.reflect.Field;
import java.util.Map;

import org.eclipse.jetty.http.HttpFieldPreEncoder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http2.hpack.HpackFieldPreEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty finds the HTTP/2 encoder of its pre-encoded header fields with {@link java.util.ServiceLoader},
 * which sees nothing across bundles unless an OSGi service-loader mediator (SPI Fly) is installed; without
 * it the HPACK encoder's constant fields ({@code :method POST}, {@code :scheme http}, {@code te: trailers})
 * carry no HTTP/2 bytes and every request fails to encode. Registering Jetty's own encoder in the same table
 * before the first HTTP/2 connection gives the encoder what the mediator would have, without weaving
 * every bundle at startup for this one lookup.
 */
final class Http2PreEncoding {
    private static final Logger LOG = LoggerFactory.getLogger(Http2PreEncoding.class);

    private Http2PreEncoding() {
    }

    @SuppressWarnings("unchecked")
    static synchronized void ensure() {
        try {
            Field table = PreEncodedHttpField.class.getDeclaredField("__encoders");
            table.setAccessible(true);
            Map<HttpVersion, HttpFieldPreEncoder> encoders = (Map<HttpVersion, HttpFieldPreEncoder>) table.get(null);
            synchronized (encoders) {
                encoders.putIfAbsent(HttpVersion.HTTP_2, new HpackFieldPreEncoder());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("check: cannot register Jetty's HTTP/2 header pre-encoder; gRPC checks may fail to encode: {}",
                    e.toString());
        }
    }
}
