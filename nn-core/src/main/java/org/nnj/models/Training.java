package org.nnj.models;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Parameter;
import org.nnj.optim.NonFiniteUpdateException;
import org.nnj.optim.Optimizer;

/**
 * A network's training passes ({@link Network#trainStep}, {@link Network#gradients},
 * {@link Network#lossAndGradients}): the backward plans, their workspaces, the shared layers'
 * accumulators, and the optimizer of the last step (for the divergence rollback).
 */
final class Training {
    private final Network net;
    private final Plan plan;
    private final Plan inputGradientPlan;
    private final Workspaces workspaces;
    private final Workspaces inspecting;
    private final Passes.SharedGradients shared;
    /** The optimizer of the last step, which can take it back if the next forward pass overflows. */
    private Optimizer lastOptimizer;

    Training(Network net, boolean[] frozen) {
        this.net = net;
        this.plan = new Plan(net.graph, frozen, false);
        this.inputGradientPlan = new Plan(net.graph, frozen, true);
        this.workspaces = new Workspaces(net.graph, net.dataType(), plan);
        this.inspecting = new Workspaces(net.graph, net.dataType(), inputGradientPlan);
        this.shared = new Passes.SharedGradients(net.graph);
    }

    /** x and y checked for a training pass, the network trainable by gradient. */
    private Matrix[] checked(INDArray x, INDArray y) {
        OutputRules.requireGradientTrainable(net.built.layers);
        Matrix xm = BatchChecks.features(net, x, "x");
        Matrix ym = BatchChecks.targets(net, y, xm);
        net.requireTrainingBatch(xm.rows());
        return new Matrix[] {xm, ym};
    }

    double step(INDArray x, INDArray y, Optimizer optimizer) {
        Require.notNull(optimizer, "optimizer");
        List<Parameter> trainable = net.trainableParameters();
        if (trainable.isEmpty() && !net.parameters().isEmpty()) {
            throw new IllegalArgumentException("every layer with parameters is frozen: nothing to train (freeze fewer"
                    + " layers, or add a trainable one)");
        }
        Matrix[] xy = checked(x, y);
        optimizer.checkNextStep(trainable); // its rate and settings, before the forward pass changes anything
        double value = gradients(workspaces.get(xy[0].rows()), xy[0], xy[1], plan);
        if (!Double.isFinite(value)) {
            // The last update made the forward pass overflow: go back to the parameters whose loss was finite.
            boolean undone = lastOptimizer != null && lastOptimizer.undoLastStep(trainable);
            lastOptimizer = null;
            throw new TrainingDivergedException(
                    0,
                    1,
                    "the loss is " + value
                            + (undone
                                    ? "; the parameters of the previous step, whose loss was finite, are restored"
                                    : ""));
        }
        try {
            optimizer.step(trainable); // screens gradients and new values; applies all or nothing
        } catch (NonFiniteUpdateException e) {
            throw new TrainingDivergedException(0, 1, e.getMessage());
        }
        lastOptimizer = optimizer;
        return value;
    }

    INDArray inputGradient(INDArray x, INDArray y) {
        Matrix[] xy = checked(x, y);
        Workspace ws = inspecting.get(xy[0].rows());
        gradients(ws, xy[0], xy[1], inputGradientPlan);
        return Packing.inputGradient(net, ws, xy[0].rows()).array();
    }

    double lossAndGradients(INDArray x, INDArray y) {
        Matrix[] xy = checked(x, y);
        return gradients(workspaces.get(xy[0].rows()), xy[0], xy[1], plan);
    }

    private double gradients(Workspace ws, Matrix x, Matrix y, Plan p) {
        Matrix[] targets = BatchChecks.targetDomains(net, y, ws);
        Graph g = net.graph;
        return Passes.gradients(g, p, ws, Passes.split(g, ws, x, 0, x.rows(), ws.in), targets, shared);
    }
}
