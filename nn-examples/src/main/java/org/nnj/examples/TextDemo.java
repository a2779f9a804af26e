package org.nnj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.EarlyStopping;
import org.nnj.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Text classification into two classes: a word {@link Tokenizer} fitted on the training rows (the
 * 20,000 most frequent words, 256 tokens per text) and one of {@link TextModels}' networks, trained with
 * binary cross-entropy from one logit, Adam 1e-3, batch 32. The validation rows are the file's last
 * rows ({@code --validation}, default 20%); the epoch is chosen on them (early stopping, patience 3,
 * best epoch's weights kept) and every figure reported is theirs. Writes metrics.json (accuracy, the
 * positive class's F1, ROC AUC, the confusion matrix, the majority-class baseline; for {@code mean} the
 * 20 words it weighs most for each class), training.png, confusion.png, model.nnj and, beside it,
 * tokenizer.txt ({@link TextModelFile}), which {@code predict} needs too.
 */
@Command(
        name = "text",
        description = "Classify texts into two classes (bag, mean, gru, transformer): --file F --text COL,COL"
                + " --target COL.")
public final class TextDemo implements Callable<Integer> {
    static final int WORDS = 20_000;
    static final int LENGTH = 256;
    static final int PATIENCE = 3;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(
            names = "--file",
            paramLabel = "F",
            description = "The CSV file (may be .gz; default: the bundled spam.csv.gz).")
    Path file;

    @Option(
            names = "--text",
            paramLabel = "COL,COL",
            split = ",",
            description = "The text columns, joined by a space (default: subject,body).")
    List<String> text = List.of("subject", "body");

    @Option(
            names = "--target",
            paramLabel = "COL",
            description = "The label column, two classes (default: ${DEFAULT-VALUE}).",
            defaultValue = "label")
    String target = "label";

    @Option(
            names = "--model",
            paramLabel = "bag|mean|gru|transformer",
            description = "The network (default: ${DEFAULT-VALUE}).",
            defaultValue = "mean")
    String model = "mean";

    @Option(
            names = "--validation",
            paramLabel = "N",
            description = "Validation rows: the file's last N (default: 20% of the rows).")
    Integer validation;

    @Option(
            names = "--load",
            paramLabel = "MODEL",
            description = "Evaluate a model.nnj saved by text (its tokenizer.txt beside it) instead of training.")
    Path load;

    @Option(
            names = "--export-onnx",
            paramLabel = "FILE",
            description = "Also write the trained network (token ids or TF-IDF in, the logit out) as ONNX.")
    Path exportOnnx;

    /** The default epochs of each model (early stopping usually ends sooner). */
    static int defaultEpochs(String model) {
        return switch (model) {
            case "bag" -> 15;
            case "mean" -> 40;
            default -> 12;
        };
    }

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        Map<String, Object> m = run(options, file, text, target, model, validation, load);
        System.out.printf(
                "%s: validation accuracy %.4f, F1(%s) %.4f, ROC AUC %.4f (majority class %.4f)%n%s-> %s%n",
                m.get("model"),
                m.get("accuracy"),
                m.get("positive_class"),
                m.get("f1"),
                m.get("roc_auc"),
                m.get("majority_accuracy"),
                m.get("confusion_matrix"),
                options.out("text").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(
            CommonOptions options,
            Path file,
            List<String> text,
            String target,
            String model,
            Integer validation,
            Path load)
            throws Exception {
        if (!TextModels.NAMES.contains(model)) {
            throw new IllegalArgumentException(
                    "--model must be one of " + String.join(", ", TextModels.NAMES) + ", got " + model);
        }
        if (text.isEmpty() || text.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--text must name one column or more, got " + text);
        }
        if (validation != null && validation < 1) {
            throw new IllegalArgumentException("--validation must be >= 1 row, got " + validation);
        }
        if (load != null && !Files.isRegularFile(load)) {
            throw new IllegalArgumentException("--load " + load + " is not a file");
        }
        int epochs = options.epochs(defaultEpochs(model));
        if (load != null && options.epochs != null) {
            System.err.println("note: --epochs and --model ignored with --load (the saved model is evaluated)");
        }
        if (file != null && !Files.exists(file)) {
            throw new IllegalArgumentException("--file " + file + " does not exist");
        }
        long started = System.nanoTime();
        Output out = options.output("text")
                .input("--file", file)
                .input("--load", load)
                .input("--load", load == null ? null : TextModelFile.tokenizerOf(load))
                .open();
        CsvTable table = TextData.read(file);
        TextData data = TextData.of(table, text, target);
        int n = data.texts.size();
        int val = validation != null ? validation : n / 5;
        if (val >= n - 1) {
            throw new IllegalArgumentException("--validation " + val + " leaves " + (n - val) + " training rows of " + n
                    + ": give fewer validation rows");
        }
        int[] trainRows = range(0, n - val);
        int[] valRows = range(n - val, n);

        TextModelFile.Loaded fitted;
        History history = null;
        Map<String, Object> config = new LinkedHashMap<>();
        if (load != null) {
            fitted = TextModelFile.load(load);
            config.put("loaded", load.toString());
            if (!fitted.classes().equals(data.classes)) {
                throw new IllegalArgumentException("--load " + load + " was trained on the classes " + fitted.classes()
                        + " but --target " + target + " holds " + data.classes);
            }
        } else {
            Tokenizer tok = Tokenizer.fit(pick(data.texts, trainRows), WORDS, LENGTH);
            TfIdf tfidf = model.equals("bag") ? TfIdf.fit(allIds(tok, data.texts, trainRows), tok.vocabulary()) : null;
            Network net = TextModels.build(model, tok.vocabulary(), LENGTH, options.seed);
            fitted = new TextModelFile.Loaded(net, tok, tfidf, model, text, data.classes);
            Dataset train = Dataset.of(fitted.inputs(data.texts, trainRows), labels(data.labels, trainRows));
            Dataset valData = Dataset.of(fitted.inputs(data.texts, valRows), labels(data.labels, valRows));
            EarlyStopping early = EarlyStopping.on("val_loss", PATIENCE).withRestoreBestWeights(true);
            history = Trainer.builder()
                    .epochs(epochs)
                    .batchSize(32)
                    .optimizer(new Adam(1e-3))
                    .validationData(valData)
                    .earlyStopping(early)
                    .progressBar(true)
                    .seed(options.seed)
                    .build()
                    .fit(net, train);
            config.put("epochs_trained", history.loss().size());
            config.put("best_epoch", early.bestEpoch());
            config.put(
                    "optimizer",
                    "Adam 1e-3, batch 32, at most " + epochs + " epochs, early stopping on validation loss (patience "
                            + PATIENCE + "), best epoch's weights kept");
        }
        config.put("file", file == null ? "data/" + TextData.BUNDLED : file.toString());
        config.put("text", fitted.columns());
        config.put("target", target);
        config.put("split", (n - val) + " training rows, the last " + val + " validation");
        config.put("vocabulary", fitted.tokenizer().vocabulary() + " ids (0 padding, 1 unknown)");
        config.put("tokens_per_text", fitted.tokenizer().length());
        config.put("seed", options.seed);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", fitted.model());
        TextReport.evaluate(out, fitted, data, valRows, metrics);
        if (fitted.model().equals("mean")) {
            metrics.put("top_tokens", TextReport.topTokens(fitted, 20));
        }
        metrics.put("parameters", fitted.network().parameterCount());
        if (history != null) {
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            curves.put("training loss", history.loss());
            curves.put("validation loss", history.get("val_loss"));
            Plots.lines(out.file("training.png"), "Loss per epoch (" + fitted.model() + ")", "epoch", "loss", curves);
        }
        TextModelFile.save(out, fitted);
        CommonOptions.exportOnnx(out, fitted.network(), null, null);
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        metrics.put("config", config);
        out.metrics(metrics);
        return metrics;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }

    static List<String> pick(List<String> texts, int[] rows) {
        return Arrays.stream(rows).mapToObj(texts::get).toList();
    }

    static int[][] ids(Tokenizer tok, List<String> texts, int[] rows) {
        int[][] ids = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = tok.ids(texts.get(rows[i]));
        }
        return ids;
    }

    /** Every in-vocabulary token id of each row's text ({@link Tokenizer#allIds}), for the bag of words. */
    static int[][] allIds(Tokenizer tok, List<String> texts, int[] rows) {
        int[][] ids = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = tok.allIds(texts.get(rows[i]));
        }
        return ids;
    }

    static INDArray labels(int[] labels, int[] rows) {
        float[][] y = new float[rows.length][1];
        for (int i = 0; i < rows.length; i++) {
            y[i][0] = labels[rows[i]];
        }
        return Nd4j.create(y);
    }
}
