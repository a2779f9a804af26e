package org.nnj.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nnj.Require;
import org.nnj.models.History;
import org.nnj.models.Network;

/**
 * Writes one CSV row per epoch ({@code epoch} and every value the trainer logs: {@code loss},
 * {@code val_loss}, {@code accuracy}, ...), as Keras's {@code CSVLogger}. Each row is flushed when its
 * epoch ends, so that a run that is stopped leaves the epochs it finished.
 *
 * <p>The file must not exist (a log is never written over), unless {@link #appending()} is asked:
 * then an existing log's header must be the one this run writes, and rows are added after its own
 * (for a resumed run). The columns are those of the first epoch; a later epoch with other values is
 * an error naming them. One logger serves one fit at a time.
 */
public final class CsvLogger implements TrainingListener {
    private final Path file;
    private final boolean append;

    private Writer out;
    private List<String> columns;

    private CsvLogger(Path file, boolean append) {
        this.file = Require.notNull(file, "file");
        this.append = append;
    }

    /** A logger writing a new file; a file that exists is refused when training begins. */
    public static CsvLogger to(Path file) {
        return new CsvLogger(file, false);
    }

    /** The same logger, adding rows to an existing log with the same columns (or starting one). */
    public CsvLogger appending() {
        return new CsvLogger(file, true);
    }

    public Path file() {
        return file;
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int examples, int batchSize) {
        close();
        columns = null;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("CsvLogger file " + file + " is a directory");
        }
        if (Files.exists(file) && !append) {
            throw new IllegalArgumentException("CsvLogger file " + file
                    + " already exists; a log is never written over: choose a new file or use appending()");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                open();
            } else if (!columns.equals(new ArrayList<>(logs.keySet()))) {
                throw new IllegalArgumentException("CsvLogger " + file + ": epoch " + epoch + " logs " + logs.keySet()
                        + " but the log's columns are " + columns);
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String c : columns) {
                row.append(',').append(logs.get(c));
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        String header = "epoch," + String.join(",", columns);
        if (append && Files.exists(file) && Files.size(file) > 0) {
            String first;
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            if (!header.equals(first)) {
                throw new IllegalArgumentException("CsvLogger cannot append to " + file + ": its header is '" + first
                        + "' but this run logs '" + header + "'");
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            out = Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    append ? StandardOpenOption.CREATE : StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            out.write(header + "\n");
        }
    }

    @Override
    public void onTrainEnd(History history) {
        close();
    }

    private void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger cannot close " + file + ": " + e.getMessage(), e);
            } finally {
                out = null;
            }
        }
    }

    @Override
    public String toString() {
        return "CsvLogger(" + file + (append ? ", appending" : "") + ")";
    }
}
