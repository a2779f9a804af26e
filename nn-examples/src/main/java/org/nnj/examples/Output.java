package org.nnj.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A demo's output folder: PNG plots and metrics.json. */
final class Output {
    private final Path dir;

    Output(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void metrics(Map<String, Object> metrics) {
        try {
            Files.writeString(dir.resolve("metrics.json"), Json.write(metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
