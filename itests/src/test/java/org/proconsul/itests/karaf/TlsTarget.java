package org.proconsul.itests.karaf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A TLS server on 127.0.0.1 whose certificate (CN=proconsul-exam) keytool made valid for ten days. */
final class TlsTarget implements AutoCloseable {
    private final SSLServerSocket server;
    private final Thread acceptor;

    private TlsTarget(SSLServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (IOException e) {
                    // closed, or a client that hung up mid-handshake
                }
            }
        }, "tls-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TlsTarget start(File dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.toPath().resolve("tls-target.p12");
        Files.createDirectories(dir.toPath());
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-validity", "10", "-dname", "CN=proconsul-exam",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + said);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return new TlsTarget((SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getByName("127.0.0.1")));
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
