package org.proconsul.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoBase64Test {

    @Test
    void decodesValidKeys() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7);
        }
        assertArrayEquals(key, GoBase64.decode(Base64.getEncoder().encodeToString(key)));
        assertArrayEquals(new byte[] {'a'}, GoBase64.decode("YQ=="));
        assertArrayEquals(new byte[] {'a', 'b'}, GoBase64.decode("YWI="));
        assertArrayEquals("abc".getBytes(), GoBase64.decode("YW\nJj"));
    }

    @ParameterizedTest
    @CsvSource({
        "abc,0",          // unpadded: Go reports the quantum start
        "abcde===,5",
        "YQ=,3",
        "Y===,1",
        "YQ==YQ==,4",
        "ab!d,2",
        "=abc,0",
        "pUqu92sYcSbMPFzwHkXDA==,21",
        "abcd=,4",
    })
    void reportsTheByteGoReports(String input, long offset) {
        GoBase64.CorruptInputException e = assertThrows(GoBase64.CorruptInputException.class,
            () -> GoBase64.decode(input));
        assertEquals("illegal base64 data at input byte " + offset, e.getMessage());
    }
}
