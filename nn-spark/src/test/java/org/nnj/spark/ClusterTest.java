package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.examples.MnistData;
import org.nnj.examples.MnistRecipe;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.TrainingListener;

/**
 * A real standalone cluster on this machine: a master and two workers as separate JVMs on 127.0.0.1,
 * started from a SPARK_HOME assembled under target/ from the Maven-resolved jars; executors run in
 * their own JVMs (and load ND4J's natives there). A 784-64-10 network trains on the bundled digits;
 * after the first epoch one executor JVM is killed; the run must finish with the parameters of the
 * same run on local[2] (the result does not depend on where a partition's sum was computed), and
 * predictions made in the executors equal the driver's. Then the command line's {@code mnist} runs
 * against the same cluster. Everything binds to
 * 127.0.0.1 (SPARK_LOCAL_IP), every wait is bounded, every process is stopped in finally.
 *
 * <p>About a minute on two cores, so it is part of the default test run; {@code -Dnnj.excludedGroups=cluster}
 * leaves it out.
 */
@Tag("cluster")
class ClusterTest {
    static final Path TARGET = Path.of("target").toAbsolutePath();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * SPARK_HOME with jars/ holding this JVM's classpath: its jars (linked) and its class folders
     * (nn-spark's, and nn-core's and nn-examples' in a reactor build) packed into jars.
     */
    static Path sparkHome() throws IOException {
        Path home = TARGET.resolve("spark-home");
        Path jars = home.resolve("jars");
        if (Files.exists(home)) {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(jars);
        Files.writeString(home.resolve("RELEASE"), "Spark assembled by nn-spark's ClusterTest\n");
        int folders = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            String name = p.getFileName().toString();
            if (Files.isDirectory(p)) {
                // target/classes of this module or, in a reactor build, of nn-core and nn-examples
                jarFolder(p, jars.resolve("classes-" + folders++ + ".jar"));
            } else if (name.endsWith(".jar") && !name.startsWith("junit-") && !name.startsWith("surefire")) {
                Path link = jars.resolve(name);
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        return home;
    }

    static void jarFolder(Path folder, Path jarFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(jarFile);
                JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> walk = Files.walk(folder)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
    }

    static Process start(Path home, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(System.getProperty("spark.jvm.options", "").split(" ")));
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + File.separator + "*");
        cmd.addAll(List.of(args));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    static void awaitLine(Path log, String text, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in " + log + " within " + seconds + " s:\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    static List<ProcessHandle> executors(String app) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .filter(p -> p.info().commandLine().orElse("").contains(app))
                .toList();
    }

    @Test
    void mnistOnATwoWorkerClusterSurvivesAKilledExecutor() throws Exception {
        Path home = sparkHome();
        Path logs = Files.createDirectories(TARGET.resolve("cluster-logs"));
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        List<Process> processes = new ArrayList<>();
        JavaSparkContext sc = null;
        try {
            processes.add(start(
                    home,
                    logs.resolve("master.log"),
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    Integer.toString(freePort())));
            awaitLine(logs.resolve("master.log"), "I have been elected leader", 60);
            for (int w = 1; w <= 2; w++) {
                Path work = Files.createDirectories(TARGET.resolve("cluster-work-" + w));
                processes.add(start(
                        home,
                        logs.resolve("worker" + w + ".log"),
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--cores",
                        "1",
                        "--memory",
                        "1500m",
                        "--work-dir",
                        work.toString(),
                        master));
                awaitLine(logs.resolve("worker" + w + ".log"), "Successfully registered with master", 60);
            }

            MnistData.Split data = MnistData.load(null);
            Dataset train = MnistRecipe.INPUTS.transform(data.train());
            Dataset test = MnistRecipe.INPUTS.transform(data.test());
            Dataset part = Split.stratified(train, 0.5, 1).train(); // 3500 digits keep the run short

            Network reference = network();
            JavaSparkContext local = LocalSpark.start(2, 1);
            try {
                trainer(null).fit(reference, Example.parallelize(local, part, 2));
            } finally {
                local.stop();
            }

            SparkConf conf = new SparkConf()
                    .setMaster(master)
                    .setAppName("nnj-cluster-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.memory", "1g")
                    .set("spark.cores.max", "2")
                    .set("spark.task.maxFailures", "8")
                    .set("spark.broadcast.compress", "false");
            sc = new JavaSparkContext(conf);
            sc.setCheckpointDir(Files.createDirectories(TARGET.resolve("cluster-checkpoints"))
                    .toString());
            String app = sc.sc().applicationId();
            AtomicBoolean killed = new AtomicBoolean();
            TrainingListener killer = new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    List<ProcessHandle> running = executors(app);
                    if (epoch == 1 && !running.isEmpty()) {
                        running.get(0).destroyForcibly();
                        killed.set(true);
                    }
                }
            };
            Network net = network();
            trainer(killer).fit(net, Example.parallelize(sc, part, 2));
            assertTrue(killed.get(), "an executor was killed after epoch 1");
            double accuracy = Evaluation.evaluate(net, test).accuracy();
            assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
            // The same sums in the same order, wherever they were computed: the local run's parameters.
            for (int p = 0; p < net.parameters().size(); p++) {
                float[] expected =
                        reference.parameters().get(p).value().dup().data().asFloat();
                float[] actual = net.parameters().get(p).value().dup().data().asFloat();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "parameter " + p);
                }
            }
            // Predictions computed in the executor JVMs are the driver's.
            List<double[]> rows = java.util.Arrays.asList(test.features().toDoubleMatrix());
            List<double[]> remote =
                    SparkPredictor.predict(sc, net, sc.parallelize(rows, 2)).collect();
            double[][] onDriver = net.predict(test.features()).toDoubleMatrix();
            for (int i = 0; i < rows.size(); i += 37) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(onDriver[i], remote.get(i), 1e-5);
            }
            sc.stop();
            sc = null;

            // The command line against the same cluster.
            Path out = TARGET.resolve("cluster-cli");
            assertEquals(
                    0,
                    org.nnj.spark.cli.Main.run(
                            "mnist",
                            "--master",
                            master,
                            "--partitions",
                            "2",
                            "--epochs",
                            "1",
                            "--out",
                            out.toString()));
            assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"test_accuracy\""));
        } finally {
            if (sc != null) {
                sc.stop();
            }
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** 784-64-10 without dropout, so that runs on the cluster and locally compute the same thing. */
    static Network network() {
        return Network.builder()
                .seed(1)
                .add(new org.nnj.layers.Dense(
                        784, 64, org.nnj.activations.Activation.relu(), org.nnj.init.Initializer.he()))
                .add(new org.nnj.layers.Dense(64, 10))
                .loss(org.nnj.losses.Loss.softmaxCrossEntropy())
                .build();
    }

    static SparkTrainer trainer(TrainingListener listener) {
        SparkTrainer.Builder b = SparkTrainer.builder()
                .epochs(3)
                .batchSize(64)
                .optimizer(new Adam(0.001))
                .seed(1);
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }
}
