package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.proconsul.testkit.PurityScan;

/** The raft core stays pure (see {@link PurityScan}) and documents every package. */
class PurityScanTest {
    private static final Path SOURCES = PurityScan.mainSources("raft-core", "org/proconsul/raft/core");

    @Test
    void mainSourcesStayPure() throws IOException {
        assertTrue(PurityScan.javaFiles(SOURCES).size() > 20, "too few sources found under " + SOURCES);
        assertEquals(List.of(), PurityScan.violations(SOURCES));
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        assertEquals(List.of(), PurityScan.packagesWithoutInfo(SOURCES));
    }
}
