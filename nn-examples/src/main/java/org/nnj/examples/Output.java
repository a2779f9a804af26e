package org.nnj.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A demo's output folder: PNG plots, the model and metrics.json. A run writes into a hidden sibling
 * folder ({@code .NAME.partial}); writing metrics.json, always its last output, moves that folder into
 * place, replacing the previous run's. So a run that fails leaves the previous outputs as they were
 * (never a mix of two runs) and no new folder: {@link #discardUnfinished} deletes what it had written.
 */
public final class Output {
    private static final ThreadLocal<List<Output>> UNFINISHED = ThreadLocal.withInitial(ArrayList::new);

    private final Path dir;
    private final Path partial;

    /** Checks the folder before any work (an existing regular file is refused); creates nothing yet. */
    public Output(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.partial = this.dir.resolveSibling("." + this.dir.getFileName() + ".partial");
        UNFINISHED.get().add(this);
    }

    Path dir() {
        return dir;
    }

    /** Where to write {@code name} during the run (in the hidden folder, created on first use). */
    public Path file(String name) {
        try {
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + partial + ": " + e.getMessage(), e);
        }
        return partial.resolve(name);
    }

    /** Where {@code name} will be once the run has finished. */
    public Path finalFile(String name) {
        return dir.resolve(name);
    }

    /** Writes metrics.json, the run's last output, and moves the run's folder into place. */
    public void metrics(Map<String, Object> metrics) {
        try {
            Files.writeString(file("metrics.json"), Json.write(metrics));
            delete(dir);
            Files.move(partial, dir);
            UNFINISHED.get().remove(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the hidden folders of runs on this thread that did not finish (called on an error). */
    public static void discardUnfinished() {
        for (Output o : UNFINISHED.get()) {
            try {
                delete(o.partial);
            } catch (IOException e) {
                // best effort: the hidden folder stays, the previous outputs are untouched either way
            }
        }
        UNFINISHED.get().clear();
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
