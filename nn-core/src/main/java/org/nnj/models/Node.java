package org.nnj.models;

import java.util.Arrays;

/**
 * A value in a graph network under construction: one of its inputs, or the output of a layer applied
 * to earlier nodes ({@link GraphBuilder#apply}). It belongs to the builder that made it and knows the
 * shape of one example of its value.
 */
public final class Node {
    final GraphBuilder owner;
    /** In the builder: {@code >= 0} a layer's node, {@code < 0} input {@code -(ref + 1)}. */
    final int ref;

    private final int[] shape;
    private final String label;

    Node(GraphBuilder owner, int ref, int[] shape, String label) {
        this.owner = owner;
        this.ref = ref;
        this.shape = shape.clone();
        this.label = label;
    }

    /** The shape of one example of this node's value: {@code [n]}, {@code [time, features]} or {@code [c, h, w]}. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values in one example. */
    public int size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** How errors and the summary name it: {@code input "image"} or {@code node 3 Dense(64→64, relu)}. */
    @Override
    public String toString() {
        return label;
    }
}
