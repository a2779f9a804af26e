package org.nnj.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A local Spark context for tests: loopback only, no UI, a few task retries. */
final class LocalSpark {
    private LocalSpark() {}

    /** {@code local[threads, maxFailures]} bound to 127.0.0.1; stop it in a finally block. */
    static JavaSparkContext start(int threads, int maxFailures) {
        SparkConf conf = new SparkConf()
                .setMaster("local[" + threads + "," + maxFailures + "]")
                .setAppName("nn-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4");
        return new JavaSparkContext(conf);
    }
}
