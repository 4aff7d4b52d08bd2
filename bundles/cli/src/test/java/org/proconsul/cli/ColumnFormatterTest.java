package org.proconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColumnFormatterTest {
    private static final char D = ColumnFormatter.DELIM;

    @Test
    void padsAllButLastColumnWithTwoSpaceGlue() {
        String table = new ColumnFormatter()
                .row("Node" + D + "Address" + D + "Status")
                .row("a-long-name" + D + "10.0.0.1:8301" + D + "alive")
                .row(" b " + D + "1.2.3.4:8301" + D + "failed")
                .format();
        assertEquals("Node         Address        Status\n"
                + "a-long-name  10.0.0.1:8301  alive\n"
                + "b            1.2.3.4:8301   failed", table);
    }

    @Test
    void shortRowsAndEmptyCells() {
        String table = new ColumnFormatter().row("x" + D + "" + D + "z").row("long" + D + "y").format();
        assertEquals("x        z\nlong  y", table);
    }

    @Test
    void widthCountsCodePoints() {
        String table = new ColumnFormatter().row("é" + D + "1").row("ab" + D + "2").format();
        assertEquals("é   1\nab  2", table);
    }
}
