package org.nnj.models;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A small cache of {@link Workspace}s keyed by batch size. A fit uses at most two sizes (the batch
 * size and the last, short batch); predictions may come in any size, so the cache keeps the
 * {@value #CAPACITY} most recently used and drops the oldest beyond that.
 */
final class Workspaces {
    static final int CAPACITY = 4;

    private final Graph graph;
    private final DataType type;
    private final Plan plan;
    private final Workspace[] entries = new Workspace[CAPACITY];
    private final long[] lastUse = new long[CAPACITY];
    private long clock;

    /** @param plan the backward plan whose scratch buffers the workspaces hold, or null for inference (no gradients) */
    Workspaces(Graph graph, DataType type, Plan plan) {
        this.graph = graph;
        this.type = type;
        this.plan = plan;
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
        entries[victim] = new Workspace(graph, type, batch, plan != null, plan);
        lastUse[victim] = clock;
        return entries[victim];
    }
}
