package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Server;

class PeersJsonTest {
    private static final String PREFIX = "recovery failed to parse peers.json: ";

    private static String refusal(String text) {
        String message = assertThrows(PeersJson.RecoveryFailed.class, () -> PeersJson.parse(text)).getMessage();
        assertTrue(message.startsWith(PREFIX), message);
        return message.substring(PREFIX.length());
    }

    @Test
    void consulsFormatParsesWithVotersAndNonVoters() {
        Configuration c = PeersJson.parse("""
                [{"id": "a1", "address": "10.0.0.1:8300", "non_voter": false},
                 {"id": "b2", "address": "10.0.0.2:8300"},
                 {"ID": "c3", "Address": "10.0.0.3:8300", "non_voter": true, "extra": 1}]
                """);
        assertEquals(List.of(Server.voter("a1", "10.0.0.1:8300"), Server.voter("b2", "10.0.0.2:8300"),
                Server.nonVoter("c3", "10.0.0.3:8300")), c.servers());
    }

    @Test
    void malformedFilesAreRefusedWithGoTexts() {
        assertEquals("EOF", refusal(""));
        assertEquals("EOF", refusal("   \n"));
        assertEquals("unexpected EOF", refusal("[{\"id\": \"a\""));
        assertTrue(refusal("x").startsWith("invalid JSON: Unrecognized token 'x'"), refusal("x"));
        assertEquals("json: cannot unmarshal object into Go value of type []raft.configEntry", refusal("{}"));
        assertEquals("json: cannot unmarshal string into Go value of type raft.configEntry", refusal("[\"a\"]"));
        assertEquals("json: cannot unmarshal number into Go struct field configEntry.id of type raft.ServerID",
                refusal("[{\"id\": 5, \"address\": \"10.0.0.1:8300\"}]"));
        assertEquals("json: cannot unmarshal string into Go struct field configEntry.non_voter of type bool",
                refusal("[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\", \"non_voter\": \"no\"}]"));
    }

    @Test
    void impossibleConfigurationsSayWhichEntryIsWrong() {
        assertEquals("empty ID in configuration: {[{Voter a 10.0.0.1:8300} {Voter  10.0.0.2:8300}]}",
                refusal("[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\"}, {\"address\": \"10.0.0.2:8300\"}]"));
        assertEquals("empty address in configuration: {[{Voter a }]}", refusal("[{\"id\": \"a\"}]"));
        assertEquals("found duplicate ID in configuration: a", refusal(
                "[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\"}, {\"id\": \"a\", \"address\": \"10.0.0.2:8300\"}]"));
        assertEquals("found duplicate address in configuration: 10.0.0.1:8300", refusal(
                "[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\"}, {\"id\": \"b\", \"address\": \"10.0.0.1:8300\"}]"));
        assertEquals("need at least one voter in configuration: {[{Nonvoter a 10.0.0.1:8300}]}",
                refusal("[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\", \"non_voter\": true}]"));
        assertEquals("need at least one voter in configuration: {[]}", refusal("[]"));
    }

    @Test
    void theFileCountsOnlyNextToPeersInfoAndStaysWhenItIsWrong(@TempDir Path dir) throws Exception {
        Path raft = dir.resolve("raft");
        Files.createDirectories(raft);
        Files.writeString(raft.resolve(PeersJson.FILE), "[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\"}]");
        assertTrue(PeersJson.find(raft).isEmpty(), "before peers.info exists the file is a leftover");
        assertTrue(Files.exists(raft.resolve(PeersJson.INFO)));
        assertFalse(Files.exists(raft.resolve(PeersJson.FILE)), "and it is deleted unread");

        Files.writeString(raft.resolve(PeersJson.FILE), "[{\"id\": \"a\", \"address\": \"10.0.0.1:8300\"}]");
        assertEquals(List.of(Server.voter("a", "10.0.0.1:8300")), PeersJson.find(raft).orElseThrow().servers());
        PeersJson.delete(raft);
        assertFalse(Files.exists(raft.resolve(PeersJson.FILE)));
        assertTrue(PeersJson.find(raft).isEmpty());

        Files.writeString(raft.resolve(PeersJson.FILE), "[{\"id\": \"a\"}]");
        assertThrows(PeersJson.RecoveryFailed.class, () -> PeersJson.find(raft));
        assertTrue(Files.exists(raft.resolve(PeersJson.FILE)), "a wrong file stays to be corrected");
    }
}
