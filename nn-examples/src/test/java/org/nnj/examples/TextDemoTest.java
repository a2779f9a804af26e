package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.metrics;
import static org.nnj.examples.DemoAssertions.number;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

class TextDemoTest {
    @TempDir
    Path tmp;

    @Test
    void tokensAreLowerCaseWordsSplitOnEveryNonAlphanumeric() {
        assertEquals(
                List.of("don", "t", "buy", "now", "42x", "caf\u00e9"),
                Tokenizer.tokens("Don't BUY-now!! 42x\tCAF\u00c9..."));
        assertEquals(List.of(), Tokenizer.tokens(" -- !! "));
    }

    @Test
    void vocabularyIsTheMostFrequentWordsWithUnknownAndPaddingIds() {
        // b: 3, a: 2, c: 2 (tie with a: alphabetical), d: 1
        Tokenizer tok = Tokenizer.fit(List.of("b a c", "B b A", "c d"), 3, 5);
        assertEquals(5, tok.vocabulary()); // padding, unknown, b, a, c
        assertEquals("b", tok.word(2));
        assertEquals("a", tok.word(3));
        assertEquals("c", tok.word(4));
        // d is not in the top 3 (unknown, 1); the row is padded with 0 to 5 ids
        assertArrayEquals(new int[] {3, 1, 2, 0, 0}, tok.ids("A d B"));
        // truncation: only the first 5 tokens are kept
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, tok.ids("b b b b b a a"));
        assertEquals(Tokenizer.PADDING, 0);
        assertEquals(Tokenizer.UNKNOWN, 1);
    }

    @Test
    void theDemoKeeps256TokensAndTwentyThousandWords() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            sb.append("w").append(i).append(' ');
        }
        sb.append("w0 w1"); // the two most frequent words
        Tokenizer tok = Tokenizer.fit(List.of(sb.toString()), TextDemo.WORDS, TextDemo.LENGTH);
        assertEquals(20_002, tok.vocabulary());
        int[] ids = tok.ids(sb.toString());
        assertEquals(256, ids.length);
        assertEquals(2, ids[0]); // w0
        assertEquals(3, ids[1]); // w1
        assertTrue(tok.ids("w29999")[0] == Tokenizer.UNKNOWN); // a word beyond the top 20,000
    }

    @Test
    void aSavedTokenizerGivesTheSameIds() throws Exception {
        Tokenizer tok = Tokenizer.fit(List.of("the cat sat", "on the mat"), 10, 8);
        Path f = tmp.resolve("tokenizer.txt");
        tok.save(f, Map.of("model", "mean"));
        Map<String, String> extra = new HashMap<>();
        Tokenizer back = Tokenizer.load(f, extra);
        assertEquals("mean", extra.get("model"));
        assertArrayEquals(tok.ids("The mat, the DOG"), back.ids("The mat, the DOG"));
    }

    /** The first {@code rows} rows of the bundled spam data, as a CSV (optionally without the label). */
    Path subset(String name, int from, int to, boolean label) throws Exception {
        CsvTable t = TextData.read(null);
        Path f = tmp.resolve(name);
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(
                        w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
            p.printRecord(label ? List.of("label", "subject", "body") : List.of("subject", "body"));
            for (int r = from; r < to; r++) {
                if (label) {
                    p.printRecord(t.cell(r, 0), t.cell(r, 1), t.cell(r, 2));
                } else {
                    p.printRecord(t.cell(r, 1), t.cell(r, 2));
                }
            }
        }
        return f;
    }

    @Test
    void shortBagAndMeanRunsBeatTheMajorityClassOnValidation() throws Exception {
        Path f = subset("spam600.csv", 0, 600, true);
        for (String model : List.of("bag", "mean")) {
            Path out = tmp.resolve("out-" + model);
            int epochs = model.equals("bag") ? 3 : 8;
            Map<String, Object> m = TextDemo.run(
                    new CommonOptions(out, 1, epochs), f, List.of("subject", "body"), "label", model, 150, null);
            assertEquals(150, ((Number) m.get("validation_rows")).intValue());
            assertTrue(
                    number(m, "accuracy") > number(m, "majority_accuracy") + 0.05,
                    model + ": " + m.get("accuracy") + " vs majority " + m.get("majority_accuracy"));
            assertTrue(number(m, "roc_auc") > 0.8, model + " AUC " + m.get("roc_auc"));
            Map<String, Object> written = metrics(out);
            assertEquals(m.get("accuracy"), written.get("accuracy"));
            for (String file : List.of("model.nnj", "tokenizer.txt", "confusion.png", "training.png")) {
                assertTrue(Files.isRegularFile(out.resolve(file)), model + " wrote no " + file);
            }
            // --load evaluates the saved model (and its tokenizer) to the same figures
            Map<String, Object> loaded = TextDemo.run(
                    new CommonOptions(tmp.resolve("load-" + model), 1, null),
                    f,
                    List.of("subject", "body"),
                    "label",
                    model,
                    150,
                    out.resolve("model.nnj"));
            assertEquals(m.get("accuracy"), loaded.get("accuracy"));
            assertEquals(m.get("roc_auc"), loaded.get("roc_auc"));
            if (model.equals("mean")) {
                @SuppressWarnings("unchecked")
                Map<String, List<String>> top = (Map<String, List<String>>) written.get("top_tokens");
                assertEquals(20, top.get("spam").size());
                assertEquals(20, top.get("ham").size());
            }
        }
    }

    @Test
    void aSavedModelPredictsNewRowsAsTheTrainedOne() throws Exception {
        CsvTable t = TextData.read(subset("train.csv", 0, 300, true));
        TextData data = TextData.of(t, List.of("subject", "body"), "label");
        int[] rows = TextDemo.range(0, 300);
        for (String model : List.of("mean", "bag")) {
            Tokenizer tok = Tokenizer.fit(data.texts, 500, TextDemo.LENGTH);
            TfIdf tfidf = model.equals("bag") ? TfIdf.fit(TextDemo.ids(tok, data.texts, rows), tok.vocabulary()) : null;
            Network net = TextModels.build(model, tok.vocabulary(), TextDemo.LENGTH, 3);
            var m = new TextModelFile.Loaded(net, tok, tfidf, model, List.of("subject", "body"), data.classes);
            Trainer.builder()
                    .epochs(1)
                    .batchSize(32)
                    .optimizer(new Adam(1e-3))
                    .seed(3)
                    .build()
                    .fit(net, Dataset.of(m.inputs(data.texts, rows), TextDemo.labels(data.labels, rows)));
            Path dir = tmp.resolve("saved-" + model);
            Output out = Output.to(dir);
            TextModelFile.save(out, m);
            out.commit();

            Path fresh = subset("new-" + model + ".csv", 4000, 4040, false); // unseen rows, no label column
            Path predictions = tmp.resolve("p-" + model + ".csv");
            assertEquals(
                    0,
                    new CliRunner()
                            .run(
                                    "predict",
                                    "--model",
                                    dir.resolve("model.nnj").toString(),
                                    "--file",
                                    fresh.toString(),
                                    "--out",
                                    predictions.toString()));
            CsvTable p = CsvTable.read(predictions);
            CsvTable freshTable = CsvTable.read(fresh);
            double[] expected = m.probabilities(TextData.texts(freshTable, m.columns()), TextDemo.range(0, 40));
            int spam = p.column("p_spam");
            for (int r = 0; r < 40; r++) {
                assertEquals(Float.toString((float) expected[r]), p.cell(r, spam), model + " row " + r);
                assertEquals(expected[r] > 0.5 ? "spam" : "ham", p.cell(r, p.column("prediction")));
            }
        }
    }

    @Test
    void everyModelSavesAndLoadsToTheSamePredictions() throws Exception {
        List<String> texts = List.of("Cheap pills, buy now", "meeting at noon about the build", "free money");
        Tokenizer tok = Tokenizer.fit(texts, 50, TextDemo.LENGTH);
        int[] rows = TextDemo.range(0, texts.size());
        for (String model : TextModels.NAMES) {
            TfIdf tfidf = model.equals("bag") ? TfIdf.fit(TextDemo.ids(tok, texts, rows), tok.vocabulary()) : null;
            Network net = TextModels.build(model, tok.vocabulary(), TextDemo.LENGTH, 5);
            var m = new TextModelFile.Loaded(net, tok, tfidf, model, List.of("body"), List.of("ham", "spam"));
            Path dir = tmp.resolve("roundtrip-" + model);
            Output out = Output.to(dir);
            TextModelFile.save(out, m);
            out.commit();
            TextModelFile.Loaded back = TextModelFile.load(dir.resolve("model.nnj"));
            assertEquals(model, back.model());
            assertArrayEquals(m.probabilities(texts, rows), back.probabilities(texts, rows), 0, model);
        }
    }

    @Test
    void badOptionsExit2WithOneLine() throws Exception {
        Path f = subset("small.csv", 0, 50, true);
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"text", "--model", "cnn", "--file", f.toString()},
            {"text", "--epochs", "0", "--file", f.toString()},
            {"text", "--validation", "0", "--file", f.toString()},
            {"text", "--validation", "49", "--file", f.toString()},
            {"text", "--target", "nope", "--file", f.toString()},
            {"text", "--text", "subject,nope", "--file", f.toString()},
            {"text", "--target", "subject", "--file", f.toString()},
            {"text", "--file", tmp.resolve("missing.csv").toString()},
            {"text", "--load", tmp.resolve("missing.nnj").toString(), "--file", f.toString()},
            {"text", "--seed", "x"},
        };
        for (String[] args : cases) {
            CliRunner cli = new CliRunner();
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = out.toString();
            assertEquals(2, cli.run(withOut), String.join(" ", args) + ": " + cli.lastError);
            assertEquals(1, cli.lastError.strip().lines().count(), String.join(" ", args) + ": " + cli.lastError);
            assertTrue(cli.lastError.startsWith("error: "), cli.lastError);
            assertFalse(Files.exists(out), "a failed run left " + out);
        }
    }
}
