package org.proconsul.api.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0            | 0",
        "0s           | 0",
        "-0           | 0",
        "+5s          | 5000000000",
        "1ns          | 1",
        "1us          | 1000",
        "1µs          | 1000",
        "1μs          | 1000",
        "200ms        | 200000000",
        "10s          | 10000000000",
        "1.5s         | 1500000000",
        ".5s          | 500000000",
        "1m           | 60000000000",
        "1h2m3.5s     | 3723500000000",
        "-1.5h        | -5400000000000",
        "2h45m        | 9900000000000",
        "87600h       | 315360000000000000",
        "1.000000001s | 1000000001",
        "9223372036854775807ns | 9223372036854775807",
        "-9223372036854775808ns | -9223372036854775808",
    })
    void parsesLikeGo(String text, long nanos) {
        assertEquals(nanos, GoDuration.parseNanos(text.strip()));
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''        | time: invalid duration \"\"",
        "x         | time: invalid duration \"x\"",
        "-         | time: invalid duration \"-\"",
        "10        | time: missing unit in duration \"10\"",
        "1d        | time: unknown unit \"d\" in duration \"1d\"",
        "1.5.5s    | time: missing unit in duration \"1.5.5s\"",
        ".s        | time: invalid duration \".s\"",
        "s         | time: invalid duration \"s\"",
        "1s2       | time: missing unit in duration \"1s2\"",
        "9223372036854775808ns | time: invalid duration \"9223372036854775808ns\"",
        "3000000h  | time: invalid duration \"3000000h\"",
        "5 s       | time: unknown unit \" s\" in duration \"5 s\"",
    })
    void rejectsLikeGo(String text, String message) {
        GoDuration.InvalidDurationException e = assertThrows(GoDuration.InvalidDurationException.class,
            () -> GoDuration.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void quotesNonAsciiUnitsAsBytes() {
        GoDuration.InvalidDurationException e = assertThrows(GoDuration.InvalidDurationException.class,
            () -> GoDuration.parse("3é"));
        assertEquals("time: unknown unit \"\\xc3\\xa9\" in duration \"3\\xc3\\xa9\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0                   | 0s",
        "1                   | 1ns",
        "1100                | 1.1µs",
        "2200000             | 2.2ms",
        "200000000           | 200ms",
        "1000000000          | 1s",
        "10000000000         | 10s",
        "60000000000         | 1m0s",
        "3600000000000       | 1h0m0s",
        "259200000000000     | 72h0m0s",
        "3723500000000       | 1h2m3.5s",
        "-5400000000000      | -1h30m0s",
        "1000000001          | 1.000000001s",
        "9223372036854775807 | 2562047h47m16.854775807s",
        "-9223372036854775808 | -2562047h47m16.854775808s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertEquals(text, GoDuration.formatNanos(nanos));
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @CsvSource({"300s", "600s", "30s", "200ms", "10s", "87600h", "2s", "1h2m3.5s", "10us", "1.5h", "-7s"})
    void roundTrips(String text) {
        Duration d = GoDuration.parse(text);
        assertEquals(d, GoDuration.parse(GoDuration.format(d)));
    }

    @Test
    void lenientTakesIntegerNanoseconds() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parseLenient(10_000_000_000L));
        assertEquals(Duration.ofSeconds(10), GoDuration.parseLenient(1.0e10));
        assertEquals(Duration.ofSeconds(10), GoDuration.parseLenient("10s"));
        assertThrows(GoDuration.InvalidDurationException.class, () -> GoDuration.parseLenient(1.5));
        assertThrows(GoDuration.InvalidDurationException.class, () -> GoDuration.parseLenient("10"));
    }

    @Test
    void parseOrNullGivesNullWhereParseThrows() {
        assertEquals(Duration.ofMillis(1500), GoDuration.parseOrNull("1.5s"));
        assertNull(GoDuration.parseOrNull("10"));
        assertNull(GoDuration.parseOrNull(""));
        assertNull(GoDuration.parseOrNull(null));
    }

    @Test
    void refusesDurationsBeyondInt64() {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.format(Duration.ofDays(110_000)));
    }
}
