package org.nnj.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every demo takes. */
public final class CommonOptions {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder for plots and metrics.json (default: out/<demo>).")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed for initialization, shuffling and splits (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed = 1;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: the demo's own).")
    Integer epochs;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    /** Where to export the trained model as ONNX (set from the demos that have {@code --export-onnx}), or null. */
    Path exportOnnx;

    public CommonOptions() {}

    /** Options for tests and programmatic runs. */
    public CommonOptions(Path out, long seed, Integer epochs) {
        this.out = out;
        this.seed = seed;
        this.epochs = epochs;
    }

    /** Writes {@code net} (with its input normalizer, or null) as ONNX if {@code --export-onnx} was given. */
    void exportOnnx(org.nnj.models.Network net, org.nnj.data.Normalizer normalizer) throws java.io.IOException {
        exportOnnx(net, normalizer, null);
    }

    /**
     * As {@link #exportOnnx(org.nnj.models.Network, org.nnj.data.Normalizer)}, with the schema's target
     * unscaling appended for a regression (so ONNX Runtime outputs what {@code predict} writes).
     */
    void exportOnnx(org.nnj.models.Network net, org.nnj.data.Normalizer normalizer, org.nnj.data.Schema schema)
            throws java.io.IOException {
        if (exportOnnx != null) {
            org.nnj.io.Onnx.export(net, normalizer, schema, exportOnnx);
        }
    }

    /** Checks {@code --export-onnx} before any work: it must not name a folder. */
    void checkExportOnnx() {
        if (exportOnnx != null && java.nio.file.Files.isDirectory(exportOnnx)) {
            throw new IllegalArgumentException("--export-onnx " + exportOnnx + " is a folder, not a file");
        }
    }

    Path out(String demo) {
        return out != null ? out : Path.of("out", demo);
    }

    int epochs(int defaultEpochs) {
        if (epochs != null && epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be > 0, got " + epochs);
        }
        return epochs != null ? epochs : defaultEpochs;
    }
}
