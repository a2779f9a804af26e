package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The second core's protocol: every piece of a job is done exactly once, whoever does it; the helper
 * joins in (when it wakes up in time); {@link SecondCore#run} returns only when the helper is done; a
 * failure on either thread reaches the caller; and a second caller, finding the helper taken, does its
 * job alone.
 */
class SecondCoreTest {
    private static final int PIECES = 64;

    /** A job of PIECES pieces, each claimed from a counter, recording who did it and how often. */
    private static final class Job implements Runnable {
        final AtomicInteger next = new AtomicInteger();
        final AtomicIntegerArray done = new AtomicIntegerArray(PIECES);
        final AtomicIntegerArray byCaller = new AtomicIntegerArray(PIECES);
        final Thread caller = Thread.currentThread();
        volatile long sink;

        @Override
        public void run() {
            for (int k = next.getAndIncrement(); k < PIECES; k = next.getAndIncrement()) {
                long s = 0;
                for (int i = 0; i < 20_000; i++) { // some microseconds of work per piece
                    s += i * (long) k;
                }
                sink = s;
                done.incrementAndGet(k);
                if (Thread.currentThread() == caller) {
                    byCaller.incrementAndGet(k);
                }
            }
        }
    }

    @Test
    void everyPieceIsDoneOnceAndTheHelperJoinsIn() {
        boolean helped = false;
        for (int run = 0; run < 200; run++) {
            Job job = new Job();
            SecondCore.run(job);
            int byCaller = 0;
            for (int k = 0; k < PIECES; k++) {
                assertEquals(1, job.done.get(k), "piece " + k + " of run " + run);
                byCaller += job.byCaller.get(k);
            }
            helped |= byCaller < PIECES;
        }
        assertTrue(
                helped || !SecondCore.enabled(), "in 200 jobs of several milliseconds, the helper never took a piece");
    }

    @Test
    void aFailureOnEitherThreadReachesTheCaller() {
        for (int run = 0; run < 50; run++) {
            IllegalStateException boom = new IllegalStateException("boom");
            AtomicInteger next = new AtomicInteger();
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> SecondCore.run(() -> {
                        for (int k = next.getAndIncrement(); k < PIECES; k = next.getAndIncrement()) {
                            if (k == PIECES / 2) {
                                throw boom;
                            }
                            for (long i = 0, s = 0; i < 20_000; i++) {
                                s += i;
                            }
                        }
                    }));
            assertSame(boom, thrown);
        }
        Job job = new Job(); // and the helper is free again
        SecondCore.run(job);
        for (int k = 0; k < PIECES; k++) {
            assertEquals(1, job.done.get(k));
        }
    }

    @Test
    void aSecondCallerMeanwhileDoesItsJobAlone() throws Exception {
        Thread caller = Thread.currentThread();
        Job[] second = new Job[1];
        Thread[] other = new Thread[1];
        SecondCore.run(() -> {
            if (Thread.currentThread() == caller && other[0] == null) {
                other[0] = new Thread(() -> {
                    second[0] = new Job();
                    SecondCore.run(second[0]);
                });
                other[0].start();
                try {
                    other[0].join(10_000); // the helper is this job's: the other caller must not wait for it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertTrue(other[0] != null && !other[0].isAlive(), "the second caller waited for the helper");
        for (int k = 0; k < PIECES; k++) {
            assertEquals(1, second[0].done.get(k));
            assertEquals(1, second[0].byCaller.get(k), "the helper, taken, did a piece of the second job");
        }
    }
}
