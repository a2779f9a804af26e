package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The memory rules checked before anything large is allocated: one array addresses at most 2^31 - 1
 * elements, and a network's tensors must fit both the machine's free memory and JavaCPP's off-heap
 * limit, so that a network too large fails with a message, not the operating system's OOM killer.
 */
public final class Memory {
    private Memory() {}

    /** Refuses a rows x cols matrix with more elements than one array can address (2^31 - 1). */
    public static void requireAddressable(DataType type, long rows, long cols) {
        if (rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix has " + rows * cols
                    + " elements, more than the " + Integer.MAX_VALUE + " one array can address (it would need "
                    + (rows * cols * (type == DataType.DOUBLE ? 8 : 4) >> 20) + " MiB)");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} if {@code elements} values of {@code type} cannot fit in
     * the memory this machine has free, or in what JavaCPP's off-heap limit leaves (checked before allocating, so that a network too large for the
     * machine fails with a message instead of the operating system's out-of-memory killer).
     *
     * @param what what needs them, for the message
     */
    public static void requireRoom(long elements, DataType type, String what) {
        long bytes = elements * (type == DataType.DOUBLE ? 8 : 4);
        long free = org.bytedeco.javacpp.Pointer.availablePhysicalBytes();
        if (free > 0 && bytes > free) {
            throw new IllegalArgumentException(what + " need " + (bytes >> 20) + " MiB but the machine has "
                    + (free >> 20) + " MiB free; use smaller layers");
        }
        // ND4J's arrays live off the heap, within JavaCPP's limit (-Dorg.bytedeco.javacpp.maxBytes)
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        long room = max - org.bytedeco.javacpp.Pointer.totalBytes();
        if (max > 0 && bytes > room) {
            throw new IllegalArgumentException(what + " need " + (bytes >> 20) + " MiB off the heap but "
                    + (room >> 20) + " MiB of the " + (max >> 20) + " MiB JavaCPP allows are left"
                    + " (-Dorg.bytedeco.javacpp.maxBytes); use smaller layers");
        }
    }
}
