package org.nnj.models;

/** {@link Network#summary()}: a table of layers, output shapes and parameter counts, as Keras prints. */
final class Summary {
    private Summary() {}

    static String of(Network net) {
        StringBuilder sb = new StringBuilder();
        String row = "%-4s %-32s %-14s %12s%n";
        sb.append(String.format(row, "#", "Layer", "Output", "Params"));
        for (int i = 0; i < net.layers().size(); i++) {
            sb.append(String.format(
                    row,
                    i,
                    net.layer(i).name(),
                    "[batch, " + NetworkChecks.shape(net.layer(i).outputShape()).replace(" values", "") + "]",
                    net.layer(i).parameterCount()));
        }
        sb.append(String.format(
                "Total parameters: %d (%s)   Loss: %s%n",
                net.parameterCount(), net.dataType(), net.lossFunction().name()));
        return sb.toString();
    }
}
