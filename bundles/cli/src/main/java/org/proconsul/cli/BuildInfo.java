package org.proconsul.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Version, revision and build date of this build, read from the Maven-filtered resource
 * {@code /org/proconsul/cli/version.properties} (keys {@code version}, {@code revision}, {@code build_date}).
 * Missing or unfiltered ({@code ${…}}) values fall back to a development build description.
 */
public final class BuildInfo {
    public static final String RESOURCE = "/org/proconsul/cli/version.properties";

    private final String version;
    private final String revision;
    private final String buildDate;

    public BuildInfo(String version, String revision, String buildDate) {
        this.version = version;
        this.revision = revision;
        this.buildDate = buildDate;
    }

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the defaults: the version command must still work
        }
        return new BuildInfo(value(p, "version", "0.0.0-dev"), value(p, "revision", ""),
                value(p, "build_date", "1970-01-01T00:00:00Z"));
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.contains("${") ? fallback : v;
    }

    /** Full version text, e.g. {@code 1.19.2} or {@code 1.20.0-dev}. */
    public String version() {
        return version;
    }

    public String revision() {
        return revision;
    }

    /** Build time as written in the resource (RFC 3339 expected). */
    public String buildDate() {
        return buildDate;
    }
}
