package org.proconsul.rpc.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.proconsul.api.rpc.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's one-way channel: a bounded queue drained by its own thread onto its own connection, so the
 * Raft thread never blocks on a slow or dead peer. When the queue is full or the peer is unreachable,
 * messages are dropped (Raft resends); the first failure is logged, and the recovery.
 */
final class MessageSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);
    private static final int QUEUE = 4096;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long RETRY_PAUSE_MILLIS = 200;

    private final String address;
    private final InetSocketAddress target;
    private final MessageChannel channel;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Socket socket;
    private DataOutputStream out;
    private boolean failing;

    MessageSender(String address, InetSocketAddress target, MessageChannel channel) {
        this.address = address;
        this.target = target;
        this.channel = channel;
        this.thread = new Thread(this::loop, "rpc-" + channel.name().toLowerCase(java.util.Locale.ROOT) + "-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one message; false when it was dropped because the queue is full. */
    boolean offer(byte[] message) {
        return queue.offer(message);
    }

    private void loop() {
        while (running) {
            byte[] message;
            try {
                message = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message == null) {
                continue;
            }
            try {
                if (out == null) {
                    connect();
                }
                Frames.write(out, message);
                while ((message = queue.poll()) != null) {
                    Frames.write(out, message);
                }
                out.flush();
                if (failing) {
                    failing = false;
                    LOG.info("rpc: channel restored channel={} peer={}", channel, address);
                }
            } catch (IOException e) {
                disconnect();
                int dropped = queue.size();
                queue.clear();
                if (!failing) {
                    failing = true;
                    LOG.warn("rpc: cannot reach peer channel={} peer={} reason=\"{}\" dropped={}", channel, address,
                            e.getMessage(), dropped + 1);
                }
                pause();
            }
        }
        disconnect();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, CONNECT_TIMEOUT_MILLIS);
            DataOutputStream o = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 65536));
            o.write(channel.code());
            socket = s;
            out = o;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
        socket = null;
        out = null;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        // a thread blocked in a socket write ignores interrupts; closing the socket ends the write
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
