package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proconsul.cli.BuildInfo;
import org.proconsul.cli.Io;

class VersionCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(BuildInfo build, String... args) {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new VersionCommand(io, build).run(args);
    }

    @Test
    void prettyLikeConsul() {
        assertEquals(0, run(new BuildInfo("1.19.2", "9e9c2ee6", "2024-08-27T16:06:44Z")));
        assertEquals("Consul v1.19.2\n"
                + "Revision 9e9c2ee6\n"
                + "Build Date 2024-08-27T16:06:44Z\n"
                + "Protocol 2 spoken by default, understands 2 to 3 (agent will automatically use protocol >2 when "
                + "speaking to compatible agents)\n"
                + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noRevisionLineWhenUnknown() {
        run(new BuildInfo("1.20.0-dev", "", "2024-08-27T18:06:44+02:00"));
        assertEquals("Consul v1.20.0-dev\nBuild Date 2024-08-27T18:06:44+02:00\n",
                out.toString(StandardCharsets.UTF_8).substring(0, 56));
    }

    @Test
    void jsonShape() {
        assertEquals(0, run(new BuildInfo("1.20.0-dev", "abc", "2024-08-27T16:06:44Z"), "-format=json"));
        assertEquals("{\n"
                + "   \"Version\": \"1.20.0\",\n"
                + "   \"Revision\": \"abc\",\n"
                + "   \"Prerelease\": \"dev\",\n"
                + "   \"BuildDate\": \"2024-08-27T16:06:44Z\",\n"
                + "   \"RPC\": {\n"
                + "      \"Default\": 2,\n"
                + "      \"Min\": 2,\n"
                + "      \"Max\": 3\n"
                + "   }\n"
                + "}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownFormat() {
        assertEquals(1, run(new BuildInfo("1.19.2", "", "2024-08-27T16:06:44Z"), "-format=xml"));
        assertEquals("Unknown format: xml\n", err.toString(StandardCharsets.UTF_8));
    }
}
