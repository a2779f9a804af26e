package org.nnj.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One helper thread for memory-bound passes that split into independent pieces (the optimizer's
 * chunks): the caller offers a job, works on it itself, and the helper joins in if it wakes up in
 * time. The pieces are claimed one at a time from a shared counter by whoever is free, so a late
 * helper (a wake-up on this VM takes from ~20 us to 2 ms) costs nothing but the help, and the result
 * does not depend on who did which piece.
 *
 * <p>The protocol is one state: IDLE, CLAIMED (a caller has the helper), OFFERED (its job is
 * published), RUNNING (the helper took it), DONE. {@link #run} offers, runs the job on the calling
 * thread, then either withdraws the offer (the helper never started: it will not) or waits for the
 * helper to finish the piece it is on. One caller at a time: a thread that finds the helper taken
 * does all of its job alone. The helper is a daemon thread, started on first use.
 */
public final class SecondCore {
    private static final int IDLE = 0;
    /** A caller has the helper and is publishing its job. */
    private static final int CLAIMED = 1;

    private static final int OFFERED = 2;
    private static final int RUNNING = 3;
    private static final int DONE = 4;
    /**
     * Whether there is a second core to use: at least two processors, and not switched off with
     * {@code -Dnnj.secondCore=false} (for a machine shared with other work).
     */
    private static final boolean TWO_CORES = Runtime.getRuntime().availableProcessors() >= 2
            && !"false".equalsIgnoreCase(System.getProperty("nnj.secondCore"));

    private static final AtomicInteger STATE = new AtomicInteger(IDLE);
    private static volatile Runnable job;
    private static volatile Throwable failure;
    private static final Thread HELPER = start();

    private SecondCore() {}

    /** Whether jobs may be shared at all (two processors, not switched off). */
    static boolean enabled() {
        return TWO_CORES;
    }

    private static Thread start() {
        Thread t = new Thread(SecondCore::serve, "nnj-second-core");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void serve() {
        while (true) {
            if (STATE.get() == OFFERED && STATE.compareAndSet(OFFERED, RUNNING)) {
                try {
                    job.run();
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    STATE.set(DONE);
                }
            } else {
                LockSupport.park(SecondCore.class);
            }
        }
    }

    /**
     * Runs {@code work} on this thread and, if the helper is free and wakes up in time, on the helper
     * too, and returns once both are done with it. {@code work} must claim its pieces itself (so that
     * running it twice at once does each piece once) and be safe to run on two threads together.
     */
    public static void run(Runnable work) {
        if (!TWO_CORES || !STATE.compareAndSet(IDLE, CLAIMED)) { // one core, or another caller has the helper
            work.run();
            return;
        }
        job = work;
        failure = null;
        STATE.set(OFFERED);
        LockSupport.unpark(HELPER);
        try {
            work.run();
        } finally {
            if (!STATE.compareAndSet(OFFERED, CLAIMED)) { // the helper took it: wait for its last piece
                while (STATE.get() == RUNNING) {
                    Thread.onSpinWait();
                }
            }
            job = null;
            STATE.set(IDLE);
        }
        Throwable e = failure;
        if (e != null) {
            failure = null;
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    /**
     * A job of independent pieces 0 .. n - 1 for {@link SecondCore#run}: each thread that runs it
     * takes the next piece from a shared counter until none is left. Set the job's inputs in fields,
     * then call {@link #runAll}.
     */
    public abstract static class Pieces implements Runnable {
        private final AtomicInteger next = new AtomicInteger();
        private int count;

        /** Runs pieces 0 .. n - 1, on this thread and, if it joins in time, on the helper. */
        public final void runAll(int n) {
            count = n;
            next.set(0);
            SecondCore.run(this);
        }

        /** Runs pieces 0 .. n - 1 on this thread only (a job too small to be worth a wake-up). */
        public final void runHere(int n) {
            count = n;
            next.set(0);
            run();
        }

        @Override
        public final void run() {
            begin();
            for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                piece(k);
            }
            end();
        }

        /** A job whose piece k is {@code piece.accept(k)}. */
        public static Pieces of(java.util.function.IntConsumer piece) {
            return new Pieces() {
                @Override
                protected void piece(int k) {
                    piece.accept(k);
                }
            };
        }

        /** Piece k: it must not write what another piece reads or writes. */
        protected abstract void piece(int k);

        /** Called on each thread before its first piece. */
        protected void begin() {}

        /** Called on each thread after its last piece (it sees its own pieces' writes only). */
        protected void end() {}
    }
}
