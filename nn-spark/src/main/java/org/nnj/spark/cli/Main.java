package org.nnj.spark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar nn-spark/target/nn-spark.jar <mnist|csv> --master local[2] --partitions 2 --out DIR}:
 * the nn-examples demos trained with {@code SparkTrainer}, with the same outputs (metrics.json, plots,
 * model.nnj). Errors print one line and exit with status 2.
 */
@Command(
        name = "nn-spark",
        mixinStandardHelpOptions = true,
        version = "nn-spark 0.1.0-RC2-SNAPSHOT",
        description = "nn-core networks trained on Apache Spark.",
        subcommands = {MnistOnSpark.class, CsvOnSpark.class, Overhead.class, LocalStepsComparison.class})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit status (0, or 2 on an error). */
    public static int run(String... args) {
        return org.nnj.examples.Main.run(new Main(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
