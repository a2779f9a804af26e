package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.io.ModelFile;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * Round three, the write fuzz: every command that writes, with each output ({@code --out}, {@code
 * --export-onnx}, predict's {@code --out}) pointed at the input file, its folder, its parent, the
 * current folder, an empty string, a symbolic link to the input, a folder linking to the input's,
 * and a folder of someone else's files. Whatever the command answers (a run or a one-line refusal),
 * every file that was there before is byte for byte intact afterwards and no staging is left behind.
 */
class WriteFuzzTest {
    @TempDir
    static Path base;

    static Path prevModel;

    @BeforeAll
    static void aModelFromAnEarlierRun() throws Exception {
        Path prev = base.resolve("prev");
        Path train = copyIris(base.resolve("iris.csv"));
        assertEquals(
                0,
                new CliRunner()
                        .run("csv", "--file", abs(train), "--target", "species", "--epochs", "2", "--out", abs(prev)));
        prevModel = prev.resolve("model.nnj");
        assertTrue(Files.isRegularFile(prevModel));
    }

    static Path copyIris(Path to) throws Exception {
        Files.createDirectories(to.getParent());
        try (InputStream in = Resources.open("iris.csv")) {
            Files.copy(in, to);
        }
        return to;
    }

    static String abs(Path p) {
        return p.toAbsolutePath().toString();
    }

    /** A fresh world: the user's data folder, a folder of someone else's files, links, a model. */
    static Path world(String name) throws Exception {
        Path w = base.resolve(name);
        Path data = w.resolve("data");
        copyIris(data.resolve("train.csv"));
        Files.writeString(data.resolve("notes.txt"), "my notes, not nnj's\n");
        Path foreign = w.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("readme.txt"), "someone else's\n");
        Files.write(foreign.resolve("plot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(foreign.resolve("metrics.json"), "{\"mine\": true}\n");
        Files.writeString(foreign.resolve("model.onnx"), "not nnj's\n");
        Files.copy(prevModel, w.resolve("model.nnj")); // a copy nnj's records do not list
        Files.createSymbolicLink(w.resolve("link.csv"), data.resolve("train.csv"));
        Files.createSymbolicLink(w.resolve("linkdir"), data);
        Path mnist = w.resolve("mnistmodel");
        Files.createDirectories(mnist);
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(784, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        ModelFile.save(mnist.resolve("model.nnj"), net);
        return w;
    }

    /** Every regular file under {@code w} (links not followed) with its bytes. */
    static Map<Path, byte[]> snapshot(Path w) throws Exception {
        Map<Path, byte[]> m = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(w)) {
            for (Path p : all.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    m.put(p, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    static void assertIntact(Map<Path, byte[]> before, Path w, String what) throws Exception {
        for (var e : before.entrySet()) {
            assertTrue(Files.exists(e.getKey()), what + ": " + e.getKey() + " was deleted");
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), what + ": " + e.getKey() + " changed");
        }
        assertTrue(Files.isSymbolicLink(w.resolve("link.csv")), what + ": the link was replaced");
        try (Stream<Path> all = Files.walk(w)) {
            List<Path> left = all.filter(p -> p.getFileName().toString().contains(".nnj-staging-")
                            || p.getFileName().toString().contains(".nnj-partial-"))
                    .toList();
            assertEquals(List.of(), left, what + ": staging left behind");
        }
    }

    /** The places an output is pointed at, relative to the world. */
    static final List<String> TARGETS = List.of(
            "data/train.csv",
            "data",
            ".",
            "",
            "link.csv",
            "linkdir",
            "linkdir/train.csv",
            "foreign",
            "foreign/plot.png",
            "foreign/readme.txt",
            "foreign/model.onnx",
            "model.nnj",
            "mnistmodel",
            "mnistmodel/model.nnj");

    interface Command {
        List<String> args(Path w, String target);
    }

    /**
     * Runs {@code command} at every target in a fresh world: the targets in {@code allowed} must run
     * (exit 0, beside the files already there), every other one must be refused with one line (exit 2);
     * either way every file of the world is intact.
     */
    void fuzz(String name, Set<String> allowed, Command command) throws Exception {
        int i = 0;
        for (String t : TARGETS) {
            Path w = world(name + "-" + i++);
            Map<Path, byte[]> before = snapshot(w);
            int status;
            String err;
            String what;
            if (t.equals(".") || t.isEmpty()) {
                // relative to the command's working folder: run it in its own JVM, working in the world
                List<String> relative = command.args(Path.of(""), t);
                Result r = inProcessOf(w, relative);
                status = r.status;
                err = r.err;
                what = name + " (in " + w + ") " + String.join(" ", relative);
            } else {
                List<String> args = command.args(w, t);
                CliRunner runner = new CliRunner();
                status = runner.run(args.toArray(new String[0]));
                err = runner.lastError;
                what = name + " " + String.join(" ", args);
            }
            assertFalse(err.contains("\tat "), what + ": a stack trace\n" + err);
            assertEquals(allowed.contains(t) ? 0 : 2, status, what + ": status\n" + err);
            if (status == 2) {
                assertEquals(1, err.strip().lines().count(), what + ": not one line\n" + err);
            }
            assertIntact(before, w, what);
        }
    }

    record Result(int status, String err) {}

    /** Runs the command line in a new JVM whose working folder is {@code dir}. */
    static Result inProcessOf(Path dir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        Path err = Files.createTempFile(base, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not finish: " + args);
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(err);
        Files.delete(err);
        // the JVM's own warnings (native access on newer JDKs) are not the command's answer
        String answer = String.join(
                "\n",
                text.lines()
                        .filter(l -> !l.startsWith("WARNING:") && !l.isBlank())
                        .toList());
        return new Result(p.exitValue(), answer);
    }

    static String at(Path w, String t) {
        return w.toString().isEmpty() ? t : (t.isEmpty() ? "" : abs(w.resolve(t)));
    }

    @Test
    void csvOut() throws Exception {
        fuzz(
                "csv-out",
                Set.of("data", "linkdir"),
                (w, t) -> List.of(
                        "csv",
                        "--file",
                        at(w, "data/train.csv"),
                        "--target",
                        "species",
                        "--epochs",
                        "1",
                        "--out",
                        at(w, t)));
    }

    @Test
    void csvExportOnnx() throws Exception {
        fuzz(
                "csv-onnx",
                Set.of(),
                (w, t) -> List.of(
                        "csv",
                        "--file",
                        at(w, "data/train.csv"),
                        "--target",
                        "species",
                        "--epochs",
                        "1",
                        "--out",
                        at(w, "runs/csv"),
                        "--export-onnx",
                        at(w, t)));
    }

    @Test
    void predictOut() throws Exception {
        fuzz(
                "predict",
                Set.of(),
                (w, t) -> List.of(
                        "predict", "--model", abs(prevModel), "--file", at(w, "data/train.csv"), "--out", at(w, t)));
    }

    @Test
    void predictOutOverItsOwnModel() throws Exception {
        Path w = world("predict-model");
        Map<Path, byte[]> before = snapshot(w);
        CliRunner runner = new CliRunner();
        Path model = w.resolve("mine.nnj");
        Files.copy(prevModel, model);
        byte[] bytes = Files.readAllBytes(model);
        assertEquals(
                2,
                runner.run(
                        "predict",
                        "--model",
                        abs(model),
                        "--file",
                        abs(w.resolve("data/train.csv")),
                        "--out",
                        abs(model)));
        assertTrue(runner.lastError.contains("is the input --model"), runner.lastError);
        assertArrayEquals(bytes, Files.readAllBytes(model));
        assertIntact(before, w, "predict --out its model");
    }

    @Test
    void mnistLoad() throws Exception {
        fuzz(
                "mnist",
                Set.of("data", "linkdir"),
                (w, t) -> List.of("mnist", "--load", at(w, "mnistmodel/model.nnj"), "--out", at(w, t)));
    }

    @Test
    void aRunCannotReplaceTheModelItLoads() throws Exception {
        Path w = world("mnist-own");
        Path run = w.resolve("run");
        CliRunner runner = new CliRunner();
        // a run writes run/model.nnj (owned by nnj); loading it while writing into run would replace it
        Files.createDirectories(run);
        assertEquals(0, runner.run("mnist", "--load", abs(w.resolve("mnistmodel/model.nnj")), "--out", abs(run)));
        Path copied = w.resolve("copied");
        assertEquals(
                0,
                runner.run(
                        "csv",
                        "--file",
                        abs(w.resolve("data/train.csv")),
                        "--target",
                        "species",
                        "--epochs",
                        "1",
                        "--out",
                        abs(copied)));
        Map<Path, byte[]> before = snapshot(w);
        assertEquals(2, runner.run("mnist", "--load", abs(copied.resolve("model.nnj")), "--out", abs(copied)));
        assertTrue(runner.lastError.contains("would replace the input --load"), runner.lastError);
        assertIntact(before, w, "mnist --load into its own folder");
    }

    @Test
    void theStagingIsInsideTheOutputSoNothingAppearsBesideIt() throws Exception {
        Path w = world("beside");
        List<String> before;
        try (Stream<Path> s = Files.list(w)) {
            before = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        CliRunner runner = new CliRunner();
        assertEquals(
                2,
                runner.run(
                        "csv",
                        "--file",
                        abs(w.resolve("data/train.csv")),
                        "--target",
                        "nope",
                        "--out",
                        abs(w.resolve("new/out"))));
        try (Stream<Path> s = Files.list(w)) {
            assertEquals(
                    before,
                    s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "a failed run leaves no folder it created: " + File.separator);
        }
    }
}
