package org.nnj.examples;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.nnj.io.ModelFile;
import org.nnj.io.Onnx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Character-level language models of first names (Karpathy's makemore, in Java): a bigram table, an
 * MLP over the previous 3 characters, a GRU, an LSTM and a small causal transformer
 * ({@link NamesModels}), trained on the bundled names.txt ({@link NamesData}: the last 740 names are
 * validation, the other 6663 training) and scored by the mean negative log-likelihood in nats per
 * predicted character, end token included. Writes the NLL table, {@code loss.png}, {@code metrics.json},
 * {@code model-<name>.nnj} per model and, for the transformer, {@code attention.png}; samples names.
 */
@Command(
        name = "names",
        description = "makemore: bigram, MLP, GRU, LSTM and transformer language models of first names (NLL/char).")
public final class NamesDemo implements Callable<Integer> {
    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(
            names = "--model",
            paramLabel = "LIST",
            split = ",",
            description = "Models to train, comma-separated: bigram, mlp, gru, lstm, transformer" + " (default: all).")
    List<String> models = new ArrayList<>(NamesModels.ALL);

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Training steps of every trained model (default: the recipe's: mlp 13000, gru 1000,"
                    + " lstm 1500, transformer 1000).")
    Integer steps;

    @Option(
            names = "--load",
            paramLabel = "FILE",
            description = "Skip training: score (and sample) a model saved by this demo (a model-NAME.nnj).")
    Path load;

    @Option(
            names = "--sample",
            paramLabel = "N",
            description = "Names to sample from each model (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int sample = 10;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            description = "Sampling temperature, > 0: p^(1/T) renormalized (default: ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double temperature = 1.0;

    @Option(
            names = "--eval",
            paramLabel = "FILE",
            description = "Also report the NLL on this file of names (one lower-case name per line).")
    Path eval;

    @Option(
            names = "--export-onnx",
            paramLabel = "FILE",
            description = "Also write the (one) chosen model as ONNX to FILE.")
    Path exportOnnx;

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        List<String> chosen = check();
        Map<String, Object> m = run(chosen);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("models");
        System.out.println(table(rows, eval != null));
        System.out.printf(
                "load average %s -> %s on %d cores -> %s%n",
                m.get("load_average_start"),
                m.get("load_average_end"),
                Runtime.getRuntime().availableProcessors(),
                options.out("names").toAbsolutePath());
        return 0;
    }

    /** The options, checked before any work; returns the models to train (empty with --load). */
    List<String> check() {
        if (options.epochs != null) {
            throw new IllegalArgumentException("--epochs does not apply to names: use --steps");
        }
        if (steps != null && steps <= 0) {
            throw new IllegalArgumentException("--steps must be > 0, got " + steps);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be finite and > 0, got " + temperature);
        }
        if (sample < 0 || sample > 10_000) {
            throw new IllegalArgumentException("--sample must be in 0..10000, got " + sample);
        }
        readable("--load", load);
        readable("--eval", eval);
        if (load != null) {
            return List.of();
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String name : models) {
            String n = name.strip();
            if (!NamesModels.ALL.contains(n)) {
                throw NamesModels.unknown(n.isEmpty() ? "''" : n);
            }
            if (!chosen.add(n)) {
                throw new IllegalArgumentException("--model names " + n + " twice");
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--model is empty: name at least one of " + NamesModels.ALL);
        }
        if (exportOnnx != null && chosen.size() != 1) {
            throw new IllegalArgumentException(
                    "--export-onnx writes one model: give --model one name, not " + String.join(",", chosen));
        }
        return List.copyOf(chosen);
    }

    private static void readable(String option, Path file) {
        if (file != null && !(java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.isReadable(file))) {
            throw new IllegalArgumentException(option + " " + file + ": "
                    + (java.nio.file.Files.isDirectory(file) ? "is a folder, not a file" : "no such readable file"));
        }
    }

    /** Trains (or, with --load, loads) and scores the models, writes the outputs; returns metrics.json's map. */
    Map<String, Object> run(List<String> chosen) throws Exception {
        long started = System.nanoTime();
        String loadStart = loadAverage();
        Output.Builder outputs = options.output("names").input("--load", load).input("--eval", eval);
        for (String name : chosen) { // each model file is a single output beside the run folder's files
            outputs.file(modelOption(name), options.out("names").resolve("model-" + name + ".nnj"));
        }
        Output out = outputs.open();
        List<String> evalNames = eval == null ? null : NamesData.read("--eval", eval);
        NamesData.Split split = NamesData.split(NamesData.bundled());
        int time = NamesData.longest(concat(split.train(), split.validation())) + 1;
        List<NamesModel> trainedModels = new ArrayList<>();
        List<NamesModels.Trained> runs = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Random sampler = new Random(options.seed);
        List<NamesModel> todo = new ArrayList<>();
        if (load != null) {
            todo.add(NamesModel.of("loaded", ModelFile.load(load).network(), "--load " + load));
        } else {
            for (String name : chosen) {
                todo.add(
                        name.equals("bigram")
                                ? NamesModels.bigram(split.train(), options.seed)
                                : NamesModels.build(name, time, options.seed));
            }
        }
        for (NamesModel model : todo) { // refuse what cannot be scored or exported before any training
            fits(model, split.validation(), "the validation names");
            if (evalNames != null) {
                fits(model, evalNames, "--eval " + eval);
            }
            exportOnnx(out, model);
        }
        for (NamesModel model : todo) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model.name);
            int n = load != null || model.name.equals("bigram")
                    ? 0
                    : steps != null ? steps : NamesModels.defaultSteps(model.name);
            double seconds = 0;
            if (n > 0) {
                NamesModels.Trained run = NamesModels.train(
                        model, split.train(), split.validation(), n, options.seed, Math.max(1, n / 20));
                runs.add(run);
                seconds = run.seconds();
            }
            row.put("steps", n);
            row.put("train_seconds", seconds);
            row.put("parameters", model.net.parameterCount());
            row.put("train_nll", model.nll(split.train()));
            row.put("val_nll", model.nll(split.validation()));
            if (evalNames != null) {
                row.put("eval_nll", model.nll(evalNames));
            }
            List<String> samples = new ArrayList<>();
            int cut = 0;
            for (int i = 0; i < sample; i++) {
                NamesModel.Sample s = model.sample(sampler, temperature);
                samples.add(s.letters());
                cut += s.ended() ? 0 : 1;
            }
            row.put("samples", samples);
            row.put("samples_cut_at_length_limit", cut);
            if (load == null) {
                ModelFile.save(out.staged(modelOption(model.name)), model.net);
                row.put("file", out.finalFile("model-" + model.name + ".nnj").toString());
            }
            attention(out, model, samples.isEmpty() ? split.validation().get(0) : samples.get(0));
            exportOnnx(out, model);
            rows.add(row);
            trainedModels.add(model);
        }
        if (!runs.isEmpty()) {
            NamesPlots.losses(out.file("loss.png"), runs);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("models", rows);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(
                "data",
                "bundled names.txt: " + split.train().size() + " training names, "
                        + split.validation().size() + " validation (the last " + NamesData.VALIDATION + ")");
        config.put("loss", "mean negative log-likelihood, nats per predicted character (end token included)");
        if (load != null) {
            config.put("loaded", load.toString());
        } else {
            config.put(
                    "optimizer",
                    "AdamW lr " + NamesModels.LEARNING_RATE + ", weight decay " + NamesModels.WEIGHT_DECAY
                            + " on all parameters");
            config.put("batch", NamesModels.BATCH + " examples drawn with replacement");
            config.put("sequence_steps", time + " (transformer " + NamesModels.TRANSFORMER_CONTEXT + ")");
        }
        config.put("sample_temperature", temperature);
        config.put("seed", options.seed);
        if (eval != null) {
            config.put("eval", eval + " (" + evalNames.size() + " names)");
        }
        metrics.put("config", config);
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        metrics.put("load_average_start", loadStart);
        metrics.put("load_average_end", loadAverage());
        metrics.put("cores", Runtime.getRuntime().availableProcessors());
        out.metrics(metrics);
        return metrics;
    }

    /** The name of a model file among the outputs (as DeepDemo names its two). */
    private static String modelOption(String model) {
        return "--out (" + model + " model)";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void fits(NamesModel model, List<String> names, String what) {
        for (String name : names) {
            if (name.length() > model.maxLetters()) {
                throw new IllegalArgumentException(what + ": \"" + name + "\" has " + name.length()
                        + " letters, but the " + model.name + " model reads at most " + model.maxLetters()
                        + " (its fixed number of steps - 1)");
            }
        }
    }

    /** The --export-onnx file (one model only; refused before training if the export is not possible). */
    private void exportOnnx(Output out, NamesModel model) {
        Path file = out.staged("--export-onnx");
        if (file == null) {
            return;
        }
        try {
            Onnx.export(model.net, null, file);
        } catch (IllegalArgumentException | UnsupportedOperationException | java.io.IOException e) {
            throw new IllegalArgumentException(
                    "--export-onnx: the " + model.name + " model cannot be exported (" + e.getMessage() + ")");
        }
    }

    /** attention.png: the first block's heads over {@code name}, if the model is the demo's transformer. */
    private static void attention(Output out, NamesModel model, String name) throws java.io.IOException {
        if (!model.isSequence()) {
            return;
        }
        int[] all = NamesData.encode(name);
        int[] ids = java.util.Arrays.copyOf(all, all.length - 1); // the inputs: . c_1 ... c_L
        double[][][] att = NamesPlots.firstBlockAttention(model.net, ids);
        if (att == null) {
            return;
        }
        StringBuilder tokens = new StringBuilder();
        for (int id : ids) {
            tokens.append(NamesData.character(id));
        }
        NamesPlots.attention(
                out.file("attention.png"),
                model.name + ": block 1's attention heads over the sampled name \"" + name + "\"",
                att,
                tokens.toString());
    }

    static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format("%.1f", l);
    }

    /** The NLL table: one row per model. */
    static String table(List<Map<String, Object>> rows, boolean withEval) {
        StringBuilder sb = new StringBuilder(String.format(
                "%-12s %7s %9s %10s %9s%s%n",
                "model",
                "steps",
                "seconds",
                "train NLL",
                "val NLL",
                withEval ? String.format(" %9s", "eval NLL") : ""));
        for (Map<String, Object> r : rows) {
            sb.append(String.format(
                    "%-12s %7d %9.1f %10.4f %9.4f%s%n",
                    r.get("model"),
                    (Integer) r.get("steps"),
                    (Double) r.get("train_seconds"),
                    (Double) r.get("train_nll"),
                    (Double) r.get("val_nll"),
                    withEval ? String.format(" %9.4f", (Double) r.get("eval_nll")) : ""));
            sb.append("  samples: ").append(r.get("samples")).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
