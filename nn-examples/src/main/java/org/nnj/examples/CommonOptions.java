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

    /**
     * The outputs of a run of {@code demo}: its {@code --out} folder and {@code --export-onnx} file, to
     * which the caller adds its inputs before {@link Output.Builder#open} checks them all.
     */
    Output.Builder output(String demo) {
        return Output.builder().folder(out(demo)).file("--export-onnx", exportOnnx);
    }

    /**
     * Writes {@code net} (with its input normalizer, or null) as ONNX, staged in {@code out}, if {@code
     * --export-onnx} was given; with a schema, a regression's target unscaling is appended (so ONNX
     * Runtime outputs what {@code predict} writes).
     */
    static void exportOnnx(
            Output out, org.nnj.models.Network net, org.nnj.data.Normalizer normalizer, org.nnj.data.Schema schema)
            throws java.io.IOException {
        Path onnx = out.staged("--export-onnx");
        if (onnx != null) {
            org.nnj.io.Onnx.export(net, normalizer, schema, onnx);
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
