package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoNetTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1,10.0.0.1",
        "0.0.0.0,0.0.0.0",
        "255.255.255.255,255.255.255.255",
        "::,::",
        "::1,::1",
        "0:0:0:0:0:0:0:1,::1",
        "2001:DB8:0:0:1:0:0:1,2001:db8::1:0:0:1",
        "2001:db8:0:0:0:0:2:1,2001:db8::2:1",
        "fe80::1,fe80::1",
        "::ffff:10.1.2.3,10.1.2.3",
        "1:2:3:4:5:6:7:8,1:2:3:4:5:6:7:8",
        "1::,1::",
        "1:0:0:2:0:0:0:3,1:0:0:2::3",
    })
    void parsesAndPrintsLikeGo(String in, String out) {
        assertEquals(out, GoNet.ipString(GoNet.parseIP(in)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "localhost",
        "[::1]", "fe80::1%eth0", "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4:80", " 1.2.3.4"})
    void rejectsWhatGoRejects(String in) {
        assertNull(GoNet.parseIP(in));
    }
}
