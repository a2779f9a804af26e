package org.nnj.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.layers.Layer;

/**
 * A small cache of {@link Workspace}s keyed by batch size. A fit uses at most two sizes (the batch
 * size and the last, short batch); predictions may come in any size, so the cache keeps the
 * {@value #CAPACITY} most recently used and drops the oldest beyond that.
 */
final class Workspaces {
    static final int CAPACITY = 4;

    private final Layer[] layers;
    private final DataType type;
    private final boolean withGradients;
    private final Workspace[] entries = new Workspace[CAPACITY];
    private final long[] lastUse = new long[CAPACITY];
    private long clock;

    /** @param withGradients whether the workspaces hold gradient buffers (training) or only outputs (inference) */
    Workspaces(Layer[] layers, DataType type, boolean withGradients) {
        this.layers = layers;
        this.type = type;
        this.withGradients = withGradients;
    }

    Workspace get(int batch) {
        clock++;
        for (int i = 0; i < CAPACITY; i++) {
            if (entries[i] != null && entries[i].batch == batch) {
                lastUse[i] = clock;
                return entries[i];
            }
        }
        int victim = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (entries[i] == null) {
                victim = i;
                break;
            }
            if (lastUse[i] < lastUse[victim]) {
                victim = i;
            }
        }
        entries[victim] = new Workspace(layers, type, batch, withGradients);
        lastUse[victim] = clock;
        return entries[victim];
    }
}
