package org.nnj.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Off-heap memory stays flat under training: resident memory after warm-up and after the run differ
 * by at most 5%, and no INDArray is allocated after warm-up. The suite runs 20,000 per-sample steps
 * and 200 MNIST-sized minibatch steps; {@code -Dnnj.soak=long} runs the full 200,000 and 2,000
 * (see the README).
 */
class MemorySoakTest {
    @Test
    void offHeapMemoryStaysFlat() throws Exception {
        boolean longRun = "long".equals(System.getProperty("nnj.soak"));
        String perSample = longRun ? "200000" : "20000";
        String minibatch = longRun ? "2000" : "200";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xms256m",
                        "-Xmx256m",
                        "-XX:+AlwaysPreTouch",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemorySoak.class.getName(),
                        perSample,
                        minibatch)
                .redirectErrorStream(true)
                .start();
        String result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else {
                    log.append(line).append('\n');
                }
            }
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the soak did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), log.toString());
        assertNotNull(result, log.toString());
        String[] f = result.split(" ");
        long warm = Long.parseLong(f[1]);
        long end = Long.parseLong(f[2]);
        long allocations = Long.parseLong(f[3]);
        System.out.printf(
                "memory soak (%s/%s steps): resident %d MB after warm-up, %d MB at the end (%+.2f%%)%n",
                perSample, minibatch, warm >> 20, end >> 20, 100.0 * (end - warm) / warm);
        assertEquals(0, allocations, "INDArrays allocated after warm-up");
        assertTrue(end <= warm * 1.05, "resident memory grew from " + warm + " to " + end + " bytes");
    }
}
