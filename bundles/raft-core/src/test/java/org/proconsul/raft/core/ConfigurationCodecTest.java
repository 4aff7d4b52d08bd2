package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationCodecTest {

    private static final Configuration SAMPLE = Configuration.of(
            Server.voter("3f1c-uuid-a", "10.0.0.1:8300"),
            Server.nonVoter("uuid-b", "10.0.0.2:8300"),
            Server.voter("ünïcode-c", ""));

    @Test
    void roundTripsEveryField() {
        assertEquals(SAMPLE, ConfigurationCodec.decode(ConfigurationCodec.encode(SAMPLE)));
        assertEquals(Configuration.EMPTY, ConfigurationCodec.decode(ConfigurationCodec.encode(Configuration.EMPTY)));
    }

    @Test
    void startsWithTheVersionByte() {
        assertEquals(ConfigurationCodec.VERSION_1, ConfigurationCodec.encode(SAMPLE)[0]);
    }

    @Test
    void entryCarriesTheEncodedConfiguration() {
        Entry e = Entry.configuration(4, 2, SAMPLE);
        assertEquals(EntryType.CONFIGURATION, e.type());
        assertEquals(SAMPLE, e.configuration());
    }

    @Test
    void rejectsUnknownVersionTruncationAndTrailingBytes() {
        byte[] good = ConfigurationCodec.encode(SAMPLE);
        byte[] badVersion = good.clone();
        badVersion[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigurationCodec.decode(badVersion))
                .getMessage().contains("version 9"));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigurationCodec.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigurationCodec.decode(Arrays.copyOf(good, good.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> ConfigurationCodec.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigurationCodec.decode(new byte[] {1, (byte) 0x7f, 0, 0, 0}));
    }

    @Test
    void configurationRefusesDuplicateIds() {
        assertThrows(IllegalArgumentException.class,
                () -> new Configuration(List.of(Server.voter("a", "x"), Server.nonVoter("a", "y"))));
    }

    @Test
    void configChangesApplyOrExplainWhyNot() {
        Configuration c = Configuration.of(Server.voter("a", "1"), Server.nonVoter("b", "2"));
        assertEquals(Configuration.of(Server.voter("a", "1"), Server.nonVoter("b", "2"), Server.voter("c", "3")),
                ConfigChange.addVoter("c", "3").applyTo(c));
        assertEquals(Configuration.of(Server.voter("a", "1"), Server.voter("b", "2")),
                ConfigChange.promote("b").applyTo(c));
        assertEquals(Configuration.of(Server.voter("a", "1")), ConfigChange.remove("b").applyTo(c));
        assertEquals("server a is already a voter", ConfigChange.addVoter("a", "1").rejectionReason(c));
        assertEquals("server b is already in the configuration", ConfigChange.addNonVoter("b", "2").rejectionReason(c));
        assertEquals("server z is not in the configuration", ConfigChange.promote("z").rejectionReason(c));
        assertEquals("cannot remove the last voter a", ConfigChange.remove("a").rejectionReason(c));
    }
}
