package org.nnj.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A demo's output folder: PNG plots and metrics.json. */
final class Output {
    private final Path dir;

    /**
     * A run's output folder. It is checked here, before any work (an existing regular file is refused),
     * and created only when the first file is written, so a run that fails early leaves nothing.
     */
    Output(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
        return dir.resolve(name);
    }

    void metrics(Map<String, Object> metrics) {
        try {
            Files.writeString(file("metrics.json"), Json.write(metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
