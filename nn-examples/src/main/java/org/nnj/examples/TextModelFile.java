package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.models.Network;

/**
 * A text model on disk: the network in {@code model.nnj} and, beside it in the same folder,
 * {@value #TOKENIZER} (the {@link Tokenizer}'s vocabulary, with the model kind, the text columns, the
 * class names and, for {@code bag}, the idf of every id as extra settings). The model file format holds
 * a network, a normalizer and a CSV column schema, not a vocabulary, hence the second file; both are
 * written by one run (the run folder's manifest records both) and {@code predict} reads both.
 */
final class TextModelFile {
    static final String TOKENIZER = "tokenizer.txt";

    private TextModelFile() {}

    /** A trained text model and how it reads text. */
    record Loaded(
            Network network,
            Tokenizer tokenizer,
            TfIdf tfidf,
            String model,
            List<String> columns,
            List<String> classes) {
        /** The network's inputs for {@code rows} of {@code texts}: token ids, or TF-IDF for bag. */
        INDArray inputs(List<String> texts, int[] rows) {
            if (tfidf != null) { // a bag of all the text's words
                return tfidf.features(TextDemo.allIds(tokenizer, texts, rows));
            }
            int[][] ids = TextDemo.ids(tokenizer, texts, rows);
            float[][] x = new float[ids.length][tokenizer.length()];
            for (int i = 0; i < ids.length; i++) {
                for (int t = 0; t < x[i].length; t++) {
                    x[i][t] = ids[i][t];
                }
            }
            return Nd4j.create(x);
        }

        /**
         * The probability of the positive class (the second) for each of {@code rows}: {@code predict}
         * applies the loss's link, the sigmoid of the logit.
         */
        double[] probabilities(List<String> texts, int[] rows) {
            double[] p = new double[rows.length];
            int block = 512;
            for (int from = 0; from < rows.length; from += block) {
                int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + block));
                INDArray z = network.predict(inputs(texts, part));
                for (int i = 0; i < part.length; i++) {
                    p[from + i] = z.getDouble(i, 0);
                }
            }
            return p;
        }
    }

    /** The tokenizer file that belongs to {@code model}. */
    static Path tokenizerOf(Path model) {
        Path parent = model.toAbsolutePath().getParent();
        return parent.resolve(TOKENIZER);
    }

    static void save(Output out, Loaded m) throws IOException {
        for (String name : java.util.stream.Stream.concat(m.columns().stream(), m.classes().stream())
                .toList()) {
            if (name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the column or class name '" + name.replaceAll("\\s", " ")
                        + "' holds a tab or a line break, which " + TOKENIZER + " cannot record: rename it");
            }
        }
        ModelFile.save(out.file("model.nnj"), m.network());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("model", m.model());
        extra.put("columns", String.join("\t", m.columns()));
        extra.put("classes", String.join("\t", m.classes()));
        if (m.tfidf() != null) {
            extra.put("idf", m.tfidf().encode());
        }
        m.tokenizer().save(out.file(TOKENIZER), extra);
    }

    static Loaded load(Path model) throws IOException {
        Path tok = tokenizerOf(model);
        if (!Files.isRegularFile(tok)) {
            throw new IllegalArgumentException(model + " has no " + TOKENIZER + " beside it: a text model is the"
                    + " model.nnj and the tokenizer.txt that the text command wrote into one folder");
        }
        SavedModel saved = ModelFile.load(model);
        Map<String, String> extra = new LinkedHashMap<>();
        Tokenizer tokenizer = Tokenizer.load(tok, extra);
        String kind = extra.get("model");
        if (kind == null || extra.get("columns") == null || extra.get("classes") == null) {
            throw new IOException(tok + " lacks the model, columns or classes line the text command writes");
        }
        TfIdf tfidf = extra.containsKey("idf") ? TfIdf.decode(extra.get("idf"), tokenizer.vocabulary()) : null;
        Network net = saved.network();
        int width = tfidf != null ? tokenizer.vocabulary() : tokenizer.length();
        if (net.inputSize() != width || net.outputSize() != 1) {
            throw new IllegalArgumentException(model + " has " + net.inputSize() + " inputs and " + net.outputSize()
                    + " outputs but " + tok + " gives " + width + " inputs and 1 logit: they are not from one run");
        }
        return new Loaded(
                net,
                tokenizer,
                tfidf,
                kind,
                List.of(extra.get("columns").split("\t")),
                List.of(extra.get("classes").split("\t")));
    }
}
