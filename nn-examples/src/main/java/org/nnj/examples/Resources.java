package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.nnj.data.CsvTable;

/** The datasets bundled in this module's resources (see data/README.md there for provenance). */
final class Resources {
    private Resources() {}

    static InputStream open(String path) throws IOException {
        InputStream in = Resources.class.getResourceAsStream("/data/" + path);
        if (in == null) {
            throw new IOException("bundled data file data/" + path + " is missing from the classpath");
        }
        return in;
    }

    static CsvTable csv(String name) throws IOException {
        try (Reader r = new InputStreamReader(open(name), StandardCharsets.UTF_8)) {
            return CsvTable.parse(r, name);
        }
    }
}
