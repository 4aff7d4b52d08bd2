package org.proconsul.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PurityScanTest {

    @Test
    void catchesWhatItMustCatchAndIgnoresComments() {
        String sample = "import java.net.Socket;\n// Thread in a comment is fine\nclass X { static int count = 0;"
                + " long t = System.nanoTime(); Random r = new Random(); static final int OK = 1; }";
        assertEquals(5, PurityScan.violations("X.java", sample).size(),
                "java.net, Socket, static mutable field, nanoTime, new Random: " + PurityScan.violations("X.java", sample));
    }
}
