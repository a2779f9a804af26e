package org.nnj.kernels;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the INDArrays the library allocates through {@link Matrix#allocate}. A training step at a
 * batch size already seen allocates none; the tests check that by reading this counter before and
 * after a run of steps.
 */
public final class Allocations {
    private static final AtomicLong COUNT = new AtomicLong();

    private Allocations() {}

    static void record() {
        COUNT.incrementAndGet();
    }

    /** How many matrices the library has allocated in this JVM so far. */
    public static long count() {
        return COUNT.get();
    }
}
