package org.nnj;

import java.util.Random;

/**
 * The library's seeded generators. {@code java.util.Random} keeps only the low 48 bits of a seed, so
 * seeds that differ only above bit 47 would give identical runs; the bits above are folded into the
 * low ones first ({@code s ^ (s >>> 48) * φ}, φ = 0x9E3779B97F4A7C15), which leaves every seed below 2^48
 * (every seed anyone types) exactly as {@code new Random(seed)} would use it.
 */
public final class Seeds {
    private Seeds() {}

    /** A {@code java.util.Random} driven by all 64 bits of {@code seed}. */
    public static Random random(long seed) {
        return new Random(seed ^ (seed >>> 48) * 0x9E3779B97F4A7C15L);
    }
}
