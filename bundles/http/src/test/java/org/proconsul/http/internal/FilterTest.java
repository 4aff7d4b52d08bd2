package org.proconsul.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Consul's filter language over the JSON of an answer element. */
class FilterTest {
    private static final JsonNode ENTRY = tree("""
            {"Node": {"Node": "n1", "Address": "10.0.0.1", "Meta": {"rack": "r1", "env": ""}},
             "Service": {"ID": "web-1", "Service": "web", "Tags": ["v1", "blue"], "Port": 8080,
                         "EnableTagOverride": false, "Meta": {}},
             "Checks": [{"CheckID": "serfHealth", "Status": "passing"}]}
            """);

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean matches(String expression) {
        return Filter.parse(expression).matches(ENTRY);
    }

    @Test
    void comparisonsOnStringsNumbersAndBooleans() {
        assertTrue(matches("Service.Service == web"));
        assertTrue(matches("Service.Service == \"web\""));
        assertTrue(matches("Service.Port == 8080"));
        assertFalse(matches("Service.Port != 8080"));
        assertTrue(matches("Service.EnableTagOverride == false"));
        assertTrue(matches("Node.Meta.rack == r1"));
        assertTrue(matches("Node.Meta[\"rack\"] == `r1`"));
        assertFalse(matches("Node.Meta.zone == r1"), "an absent map key is no value, not an error");
    }

    @Test
    void collectionsEmptinessAndPatterns() {
        assertTrue(matches("Service.Tags contains v1"));
        assertTrue(matches("\"blue\" in Service.Tags"));
        assertTrue(matches("green not in Service.Tags"));
        assertTrue(matches("Service.Tags not contains green"));
        assertTrue(matches("Node.Meta contains env"));
        assertTrue(matches("Service.Meta is empty"));
        assertTrue(matches("Node.Meta.env is empty"));
        assertTrue(matches("Service.Tags is not empty"));
        assertTrue(matches("Node.Address matches \"^10\\\\.0\\\\.\""));
        assertTrue(matches("Service.ID not matches \"^api\""));
    }

    @Test
    void booleanStructure() {
        assertTrue(matches("Service.Service == web and Service.Port == 8080"));
        assertTrue(matches("Service.Service == api or Service.Port == 8080"));
        assertFalse(matches("not Service.Service == web"));
        assertTrue(matches("not (Service.Service == api or Service.Port == 1) and Node.Node == n1"));
    }

    @Test
    void badExpressionsAndSelectorsAre400s() {
        for (String bad : new String[] {"", "Service.Service ==", "Service.Service === x", "(Service.Port == 1",
            "Service.Port == 1 and", "Service.Tags contains \"open", "Node.Address matches \"[\""}) {
            HttpError e = assertThrows(HttpError.class, () -> Filter.parse(bad).matches(ENTRY), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("Failed to create boolean expression evaluator: "), e.getMessage());
        }
        HttpError selector = assertThrows(HttpError.class, () -> matches("Planet == earth"));
        assertEquals("Failed to create boolean expression evaluator: Selector \"Planet\" is not valid",
                selector.getMessage());
    }
}
