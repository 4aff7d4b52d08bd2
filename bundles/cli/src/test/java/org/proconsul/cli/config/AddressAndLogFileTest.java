package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.proconsul.cli.config.HostEnvironment.NetInterface;

/** Picking the advertise address, address templates, and where the log file goes. */
class AddressAndLogFileTest extends LoaderTestSupport {

    private static final NetInterface LO = new NetInterface("lo", true, true, List.of(ip("127.0.0.1"), ip("::1")));

    @Test
    void severalPrivateAddressesNeedABindOrAdvertise() throws Exception {
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("10.0.0.5"))),
            new NetInterface("eth1", true, false, List.of(ip("192.168.1.5"))));
        assertFails("Multiple private IPv4 addresses found. Please configure one with 'bind' and/or 'advertise'.");
        assertEquals("192.168.1.5", load("-advertise=192.168.1.5").advertiseAddr());
        assertEquals("10.0.0.5", load("-bind=10.0.0.5").advertiseAddr());
    }

    @Test
    void publicAddressesAreNotPrivate() {
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("192.0.2.2"), ip("2001:db8::2"))));
        assertFails("No private IPv4 address found");
    }

    @Test
    void consulCountsSharedAndLinkLocalRangesAsPrivate() throws Exception {
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("100.64.1.1"))));
        assertEquals("100.64.1.1", load().advertiseAddr());
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("172.31.255.1"))));
        assertEquals("172.31.255.1", load().advertiseAddr());
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("172.32.0.1"))));
        assertFails("No private IPv4 address found");
    }

    @Test
    void interfacesThatAreDownDoNotCount() throws Exception {
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("10.0.0.5"))),
            new NetInterface("eth1", false, false, List.of(ip("10.0.0.6"))));
        assertEquals("10.0.0.5", load().advertiseAddr());
    }

    @Test
    void loopbackIsUsedOnlyWhenNothingElseIsUp() throws Exception {
        host = host(LO, new NetInterface("eth0", false, false, List.of(ip("10.0.0.5"))));
        assertEquals("127.0.0.1", load().advertiseAddr());
        // an interface that is up, even without a private address, hides the loopback one
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("192.0.2.2"))));
        assertFails("No private IPv4 address found");
    }

    @Test
    void bindingToIPv6AnyAdvertisesThePublicIPv6Address() throws Exception {
        host = host(LO, new NetInterface("eth0", true, false,
            List.of(ip("10.0.0.5"), ip("fe80::1"), ip("fc00::5"), ip("2001:db8::5"))));
        AgentConfig c = load("-bind=::");
        assertEquals("::", c.bindAddr());
        assertEquals("2001:db8::5", c.advertiseAddr());
        host = host(LO, new NetInterface("eth0", true, false, List.of(ip("fe80::1"))));
        assertFails("No public IPv6 address found", "-bind=[::]");
    }

    @Test
    void detectionFailure() {
        host = new HostEnvironment() {
            @Override
            public String hostname() {
                return "h";
            }

            @Override
            public List<NetInterface> interfaces() throws IOException {
                throw new IOException("boom");
            }
        };
        assertFails("Error detecting private IPv4 address: boom");
    }

    @Test
    void advertiseWanDefaultsToTheLanAdvertiseAddress() throws Exception {
        AgentConfig c = load("-advertise=10.0.0.9");
        assertEquals("10.0.0.9", c.advertiseAddr());
        assertEquals("10.0.0.9", c.advertiseAddrWan());
        assertEquals("0.0.0.0", c.serfWanBindAddr());
        c = load("-advertise-wan=192.0.2.9", "-serf-lan-bind=10.0.0.5");
        assertEquals("10.0.0.5", c.advertiseAddr());
        assertEquals("192.0.2.9", c.advertiseAddrWan());
        assertEquals("10.0.0.5", c.serfLanBindAddr());
    }

    @Test
    void sockaddrTemplates() throws Exception {
        assertEquals("10.0.0.5", load("-bind={{ GetPrivateIP }}").bindAddr());
        assertEquals("10.0.0.5", load("-bind={{ GetInterfaceIP \"eth0\" }}").bindAddr());
        assertEquals(List.of("127.0.0.1", "10.0.0.5"),
            load("-client=127.0.0.1 {{ GetPrivateIPs }}").clientAddr());
        assertEquals(List.of("10.0.0.5", "10.0.0.7"),
            load("-retry-join={{ GetPrivateIP }}", "-retry-join=10.0.0.7").retryJoin());
        assertEquals(List.of("provider=aws tag_key=consul tag_value=server"),
            load("-retry-join=provider=aws tag_key=consul tag_value=server").retryJoin(),
            "cloud auto-join strings pass through");
        ConfigException e = fails("-bind={{ GetAllInterfaces | include \"name\" \"eth0\" }}");
        assertTrue(e.getMessage().startsWith("bind_addr: error parsing \"{{ GetAllInterfaces | include"), e.getMessage());
    }

    // ---------------------------------------------------------------- log file

    @Test
    void noLogFile() throws Exception {
        assertEquals(null, load().logFileTarget());
    }

    @Test
    void logFileWithoutExtension() throws Exception {
        AgentConfig.LogFileTarget t = load("-log-file=" + tmp.resolve("logs/agent")).logFileTarget();
        assertEquals(tmp.resolve("logs/"), t.directory());
        assertEquals("agent", t.fileName(), "the active file has exactly the configured name");
        assertEquals("agent-%d.log", t.archivePattern(), ".log is added to rotated files");
        assertEquals("agent-1700000000000000000.log", t.archiveName(1_700_000_000_000_000_000L));
        assertFalse(t.logsIntoDirectory());
    }

    @Test
    void logFileWithExtension() throws Exception {
        AgentConfig.LogFileTarget t = load("-log-file=/var/log/consul/consul.log").logFileTarget();
        assertEquals(Path.of("/var/log/consul/consul.log"), t.activeFile());
        assertEquals("consul-%d.log", t.archivePattern());
        t = load("-log-file=/var/log/agent.txt").logFileTarget();
        assertEquals("agent-%d.txt", t.archivePattern());
    }

    @Test
    void logFileEndingInASeparatorIsADirectory() throws Exception {
        AgentConfig.LogFileTarget t = load("-log-file=/var/log/consul/").logFileTarget();
        assertEquals(Path.of("/var/log/consul/consul.log"), t.activeFile());
        assertEquals("consul-%d.log", t.archivePattern());
        assertTrue(t.logsIntoDirectory());
        assertEquals(List.of(), warnings);
    }

    @Test
    void relativeLogFile() throws Exception {
        AgentConfig.LogFileTarget t = load("-log-file=consul.log").logFileTarget();
        assertEquals(Path.of(""), t.directory());
        assertEquals(Path.of("consul.log"), t.activeFile());
    }

    @Test
    void logFileNamingTheDataDirectoryLogsIntoIt() throws Exception {
        Path data = tmp.resolve("consul/root");
        AgentConfig c = loadArgs("-data-dir=" + data, "-log-file=" + data);
        assertEquals(data.resolve("consul.log"), c.logFileTarget().activeFile());
        assertTrue(c.logFileTarget().logsIntoDirectory());
        assertEquals(List.of("log_file \"" + data + "\" names a directory (the data directory); writing the log to \""
            + data.resolve("consul.log") + "\""), warnings);
        // also when spelled differently
        c = loadArgs("-data-dir=" + data, "-log-file=" + tmp.resolve("consul/./root"));
        assertEquals(data.resolve("consul.log").normalize(), c.logFileTarget().activeFile().normalize());
    }

    @Test
    void logFileNamingAnExistingDirectoryLogsIntoIt() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        AgentConfig.LogFileTarget t = load("-log-file=" + logs).logFileTarget();
        assertEquals(logs.resolve("consul.log"), t.activeFile());
        assertEquals(List.of("log_file \"" + logs + "\" names a directory; writing the log to \""
            + logs.resolve("consul.log") + "\""), warnings);
    }
}
