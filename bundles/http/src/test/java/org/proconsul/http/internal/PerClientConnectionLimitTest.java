package org.proconsul.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Real Jetty, real sockets: the per-client limit counts open connections, not every connection ever made. */
class PerClientConnectionLimitTest {

    private static String exchange(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes());
        }
    }

    @Test
    void connectionsThatClosedNoLongerCountAgainstTheClient() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new PerClientConnectionLimit(3));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes()), callback);
                return true;
            }
        });
        server.start();
        try {
            int port = connector.getLocalPort();
            for (int i = 0; i < 20; i++) {
                String answer = exchange(port);
                assertFalse(answer.isEmpty(), "connection " + i + " was refused after earlier ones closed");
                Thread.sleep(5);
            }
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                Thread.sleep(200);
                assertEquals("", exchange(port), "a fourth concurrent connection is closed");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        } finally {
            server.stop();
        }
    }
}
