package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, item 8: a run's outputs appear all at once, and a failed run leaves the previous ones. */
class OutputTest {
    @TempDir
    Path tmp;

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")) // the record and the run in progress are hidden
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aFinishedRunReplacesThePreviousOutputsWhole() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = Output.to(dir);
        Files.writeString(first.file("old.png"), "old");
        first.metrics(Map.of("run", 1));
        Output second = Output.to(dir);
        Files.writeString(second.file("new.png"), "new");
        assertEquals(List.of("metrics.json", "old.png"), names(dir), "nothing of the second run shows yet");
        second.metrics(Map.of("run", 2));
        assertEquals(List.of("metrics.json", "new.png"), names(dir));
        assertEquals(List.of("out"), names(tmp), "no hidden folder left");
    }

    @Test
    void aFailedRunLeavesThePreviousOutputsAndNothingElse() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = Output.to(dir);
        Files.writeString(first.file("a.png"), "a");
        first.metrics(Map.of("run", 1));
        Output failed = Output.to(dir);
        Files.writeString(failed.file("b.png"), "b");
        Output.discardUnfinished(); // what the command line does on an error
        assertEquals(List.of("a.png", "metrics.json"), names(dir));
        assertEquals(List.of("out"), names(tmp));
        assertTrue(Files.readString(dir.resolve("metrics.json")).contains("1"));
    }

    private final CliRunner cli = new CliRunner();

    Path iris() throws Exception {
        Path p = tmp.resolve("iris.csv");
        if (!Files.exists(p)) {
            try (java.io.InputStream in = Resources.open("iris.csv")) {
                Files.copy(in, p);
            }
        }
        return p;
    }

    int csv(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(
                List.of("csv", "--file", iris().toString(), "--target", "species", "--epochs", "1"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(new String[0]));
    }

    @Test
    void anOnnxExportInsideTheRunFolderIsKeptAndReplacedByTheNextRun() throws Exception {
        Path o = tmp.resolve("o");
        Path onnx = o.resolve("model.onnx");
        assertEquals(0, csv("--out", o.toString(), "--export-onnx", onnx.toString()), cli.lastError);
        assertTrue(Files.size(onnx) > 0, "the export survives the run folder's commit");
        Files.writeString(o.resolve("notes.txt"), "mine");
        assertEquals(0, csv("--out", o.toString(), "--export-onnx", onnx.toString(), "--seed", "2"), cli.lastError);
        assertTrue(Files.size(onnx) > 0);
        assertEquals("mine", Files.readString(o.resolve("notes.txt")), "a foreign file beside the outputs stays");
    }

    @Test
    void aNewRunDeletesOnlyThePreviousRunsOwnFiles() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = Output.to(dir);
        Files.writeString(first.file("roc.png"), "old");
        first.metrics(Map.of("run", 1));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        Output second = Output.to(dir);
        Files.writeString(second.file("new.png"), "new");
        second.metrics(Map.of("run", 2));
        assertEquals(List.of("keep.txt", "metrics.json", "new.png"), names(dir));
    }

    @Test
    void anOutputTheUserChangedIsNotReplaced() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = Output.to(dir);
        first.metrics(Map.of("run", 1));
        Files.writeString(dir.resolve("metrics.json"), "edited by hand");
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Output.to(dir));
        assertTrue(e.getMessage().contains("metrics.json"), e.getMessage());
        assertEquals("edited by hand", Files.readString(dir.resolve("metrics.json")));
    }

    @Test
    void unwritableOutputsAndImpossibleFoldsFailBeforeAnyWork() throws Exception {
        Path afile = tmp.resolve("afile");
        Files.writeString(afile, "x");
        for (String[] bad : new String[][] {
            {"--out", "/proc/nnj-x"},
            {"--out", afile.resolve("sub").toString()},
            {"--out", tmp.resolve("ok").toString(), "--export-onnx", "/proc/nnj-x.onnx"},
            {
                "--out",
                tmp.resolve("ok").toString(),
                "--export-onnx",
                afile.resolve("m.onnx").toString()
            },
            {"--out", tmp.resolve("ok").toString(), "--folds", "500"},
            {
                "--out",
                tmp.resolve("ok").toString(),
                "--export-onnx",
                tmp.resolve("m.onnx").toString(),
                "--folds",
                "500"
            }
        }) {
            assertEquals(2, csv(bad), String.join(" ", bad));
            // refused by the check of that option, which runs before the file is read or anything trained
            String option = bad[bad.length - 2];
            assertTrue(cli.lastError.contains(option), option + ": " + cli.lastError);
            assertEquals(1, cli.lastError.strip().lines().count(), cli.lastError);
            assertTrue(
                    !Files.exists(tmp.resolve("ok")) && !Files.exists(tmp.resolve("m.onnx")),
                    String.join(" ", bad) + " left outputs");
            assertEquals("x", Files.readString(afile));
        }
        assertTrue(cli.lastError.contains("--folds"), cli.lastError);
    }

    @Test
    void predictReplacesOnlyItsOwnOutput() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, csv("--out", run.toString()), cli.lastError);
        Path model = run.resolve("model.nnj");
        Path predictions = tmp.resolve("p.csv");
        assertEquals(
                0,
                cli.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--file",
                        iris().toString(),
                        "--out",
                        predictions.toString()),
                cli.lastError);
        assertEquals(
                0,
                cli.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--file",
                        iris().toString(),
                        "--out",
                        predictions.toString()),
                "its own earlier output is replaced: " + cli.lastError);
        Path mine = tmp.resolve("mine.csv");
        Files.writeString(mine, "a,b\n1,2\n");
        assertEquals(
                2,
                cli.run("predict", "--model", model.toString(), "--file", iris().toString(), "--out", mine.toString()));
        assertTrue(cli.lastError.contains("nnj did not write it"), cli.lastError);
        assertEquals("a,b\n1,2\n", Files.readString(mine));
    }
}
