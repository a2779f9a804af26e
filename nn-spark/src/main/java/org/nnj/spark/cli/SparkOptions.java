package org.nnj.spark.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** The options every Spark command takes, and the Spark context they describe. */
public final class SparkOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "local[N] or spark://HOST:PORT (default: ${DEFAULT-VALUE}).",
            defaultValue = "local[2]")
    String master = "local[2]";

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions of the training data (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int partitions = 2;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/spark-<demo>).")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the initial weights, shuffles and splits (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed = 1;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: the demo's own).")
    Integer epochs;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    Path out(String demo) {
        return out != null ? out : Path.of("out", "spark-" + demo);
    }

    int epochs(int defaultEpochs) {
        if (epochs != null && epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be > 0, got " + epochs);
        }
        return epochs != null ? epochs : defaultEpochs;
    }

    /** Checks the options before any work; a standalone master must answer on its port. */
    void check() {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?")
                .matcher(master);
        if (local.matches()) {
            if (local.group(1) != null && !local.group(1).equals("*") && !positive(local.group(1))) {
                throw new IllegalArgumentException(
                        "--master " + master + ": local[N] needs N >= 1 threads (or local[*] for all cores)");
            }
            if (local.group(2) != null && !positive(local.group(2))) {
                throw new IllegalArgumentException(
                        "--master " + master + ": local[N,F] needs F >= 1 (task attempts before failing)");
            }
            return;
        }
        java.util.regex.Matcher standalone = java.util.regex.Pattern.compile("spark://([^\\s:/,]+):(\\d{1,5})")
                .matcher(master);
        if (!standalone.matches()) {
            throw new IllegalArgumentException(
                    "--master must be local, local[N], local[*] or spark://HOST:PORT, got " + master);
        }
        String host = standalone.group(1);
        int port = Integer.parseInt(standalone.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--master " + master + ": the port must be in [1, 65535]");
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 2000);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--master " + master + ": no Spark master answers at " + host + ":"
                    + port + " (is it started? " + e.getMessage() + ")");
        }
    }

    private static boolean positive(String digits) {
        return digits.length() <= 9 && Integer.parseInt(digits) >= 1;
    }

    /**
     * A Spark context for {@code --master}: no UI; bound to 127.0.0.1 for local masters and clusters on
     * this machine. For a standalone cluster the jars executors need (this one and its libraries, but
     * not Spark and Scala, which the cluster has) are shipped with {@code spark.jars}.
     */
    JavaSparkContext start(String app) {
        check();
        SparkConf conf = new SparkConf().setMaster(master).setAppName(app).set("spark.ui.enabled", "false");
        if (master.startsWith("local") || master.startsWith("spark://127.0.0.1")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("spark://")) {
            List<String> jars = applicationJars();
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
            }
            String opts = System.getProperty("nnj.spark.executorOptions");
            if (opts != null) {
                conf.set("spark.executor.extraJavaOptions", opts);
            }
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }

    /** This jar and the libraries beside it in lib/, except Spark's and Scala's own. */
    static List<String> applicationJars() {
        List<String> jars = new ArrayList<>();
        try {
            Path self = Path.of(SparkOptions.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            jars.add(self.toString());
            Path lib = self.resolveSibling("lib");
            if (Files.isDirectory(lib)) {
                for (File f : lib.toFile().listFiles()) {
                    String n = f.getName();
                    if (n.endsWith(".jar") && !n.startsWith("spark-") && !n.startsWith("scala-")) {
                        jars.add(f.getAbsolutePath());
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return jars;
    }
}
