package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * The payload of a model file: a network's specs and parameter values, and its normalizer, as bytes
 * and back. The layout is in {@link ModelFile}; which kinds exist is {@link Registry}'s, and how
 * each is written (its settings, their types and order) is its {@link Kind}'s, declared by its class,
 * so this class knows no layer, activation, loss or normalizer by name.
 */
final class ModelCodec {
    /** The schema's enums as the file codes them, by name (never by ordinal): the code is the index. */
    private static final List<String> TASKS = List.of("CLASSIFICATION", "REGRESSION");

    private static final List<String> POLICIES = List.of("ERROR", "DROP", "IMPUTE");

    private ModelCodec() {}

    /**
     * The format version a model needs: 4 for a graph network, else 2 if it has buffers (batch
     * normalization) or a schema, else 1.
     */
    static int version(Network network, Schema schema) {
        if (!network.topology().isSequential()) {
            return ModelFile.GRAPH_VERSION;
        }
        return schema != null
                        || network.layers().stream().anyMatch(l -> !l.buffers().isEmpty())
                ? 2
                : 1;
    }

    /**
     * Refuses a network, normalizer (or null) and schema (or null) that do not fit together: the
     * normalizer must have one column per network input, the schema describe the network's inputs
     * and outputs. {@link #encode} (so saving) and {@link #decode} (loading) both apply this one rule,
     * so that nothing is saved that loading would refuse.
     *
     * @throws IllegalArgumentException naming both widths
     */
    static void checkParts(Network network, Normalizer normalizer, Schema schema) {
        if (normalizer != null && normalizer.columns() != network.inputSize()) {
            throw new IllegalArgumentException(
                    "the normalizer (" + normalizer.spec().kind() + ") has "
                            + normalizer.columns() + " columns but the network takes " + network.inputSize()
                            + " inputs: fit the normalizer on the network's inputs");
        }
        if (schema != null && (schema.width() != network.inputSize() || schema.outputs() != network.outputSize())) {
            throw new IllegalArgumentException("the schema's encoding has " + schema.width() + " inputs and "
                    + schema.outputs() + " outputs but the network has " + network.inputSize() + " inputs and "
                    + network.outputSize() + " outputs: save the schema the network was trained with");
        }
    }

    /**
     * A tensor value as stored in a model of {@code type} (float32 or float64), refused if it is not
     * finite there (NaN, infinite, or beyond float32's range): loading refuses such a value, so saving
     * does too.
     */
    static double storable(double value, DataType type, String name, int index) {
        double stored = type == DataType.DOUBLE ? value : (float) value;
        if (!Double.isFinite(stored)) {
            throw new IllegalArgumentException(name + " holds a non-finite value (" + value + " at element " + index
                    + (Double.isFinite(value) ? ", beyond float32's range" : "")
                    + "): a model file stores finite values only");
        }
        return stored;
    }

    static byte[] encode(Network network, Normalizer normalizer, Schema schema) {
        return encode(network, normalizer, schema, version(network, schema)).bytes();
    }

    /** The model's payload in the layout of {@code version} (3 writes version 2's; the caller adds the rest). */
    static PayloadWriter encode(Network network, Normalizer normalizer, Schema schema, int version) {
        checkParts(network, normalizer, schema);
        if (network.layers().size() > ModelFile.MAX_LAYERS) {
            throw new IllegalArgumentException("the network has "
                    + network.layers().size() + " layers; the model format stores at most " + ModelFile.MAX_LAYERS);
        }
        PayloadWriter w = new PayloadWriter();
        boolean isDouble = network.dataType() == DataType.DOUBLE;
        w.u8(isDouble ? 1 : 0);
        if (version >= ModelFile.GRAPH_VERSION) {
            GraphCodec.write(w, network);
        } else {
            Loss loss = network.lossFunction();
            String lossName = Registry.lossName(loss.spec());
            if (lossName == null) {
                throw unknown("loss " + loss.name(), loss);
            }
            w.string(lossName);
            w.i32(network.layers().size());
            for (Layer layer : network.layers()) {
                writeLayer(w, layer);
            }
        }
        writeTensors(w, network.parameters(), network.dataType());
        if (version >= 2) {
            writeTensors(w, buffers(network), network.dataType());
        }
        if (normalizer == null) {
            w.u8(0);
        } else {
            Spec spec = normalizer.spec();
            int code = Registry.normalizerCode(spec.kind());
            if (code == 0) {
                throw unknown("normalizer " + spec.kind(), normalizer);
            }
            w.u8(code);
            writeFields(w, Registry.normalizerKind(spec.kind()).fields(), spec);
        }
        if (version >= 2) {
            writeSchema(w, schema);
        }
        return w;
    }

    /** A layer's kind and settings. */
    static void writeLayer(PayloadWriter w, Layer layer) {
        Spec spec = layer.spec();
        Kind<? extends Layer> kind = Registry.layerKind(spec.kind());
        if (kind == null) {
            throw unknown("layer " + layer.name(), layer);
        }
        w.string(spec.kind());
        writeFields(w, kind.fields(), spec);
    }

    /** Layer i as {@link #writeLayer} wrote it, rebuilt with zero initial values. */
    static Layer readLayer(PayloadReader r, int i) throws ModelFormatException {
        String name = r.string();
        Kind<? extends Layer> kind = Registry.layerKind(name);
        if (kind == null) {
            throw r.error("unknown layer kind '" + name + "'");
        }
        Spec spec = readFields(r, kind, name);
        try {
            return kind.create(spec);
        } catch (IllegalArgumentException e) {
            throw r.error("layer " + i + " (" + name + ") is not valid: " + e.getMessage());
        }
    }

    /** Every layer's buffers, in layer order. */
    private static List<Parameter> buffers(Network network) {
        List<Parameter> all = new ArrayList<>();
        network.layers().forEach(l -> all.addAll(l.buffers()));
        return all;
    }

    private static void writeTensors(PayloadWriter w, List<Parameter> tensors, DataType type) {
        w.i32(tensors.size());
        for (Parameter p : tensors) {
            Matrix v = Matrix.of(p.value(), p.name());
            w.i32(v.rows());
            w.i32(v.cols());
            for (int i = 0; i < v.size(); i++) {
                double value = storable(v.get(i), type, p.name(), i);
                if (type == DataType.DOUBLE) {
                    w.f64(value);
                } else {
                    w.f32((float) value);
                }
            }
        }
    }

    private static void readTensors(PayloadReader r, List<Parameter> expected, DataType type, int count, String what)
            throws ModelFormatException {
        if (count != expected.size()) {
            throw r.error(count + " " + what + " tensors for a network that has " + expected.size());
        }
        for (Parameter p : expected) {
            int rows = r.i32();
            int cols = r.i32();
            Matrix v = Matrix.of(p.value(), p.name());
            if (rows != v.rows() || cols != v.cols()) {
                throw r.error(p.name() + " is stored as " + rows + " x " + cols + " but the layer needs " + v.rows()
                        + " x " + v.cols());
            }
            for (int i = 0; i < v.size(); i++) {
                double value = type == DataType.DOUBLE ? r.f64() : r.f32();
                try {
                    v.set(i, storable(value, type, p.name(), i));
                } catch (IllegalArgumentException e) {
                    throw r.error(e.getMessage());
                }
            }
        }
    }

    private static void writeSchema(PayloadWriter w, Schema schema) {
        if (schema == null) {
            w.u8(0);
            return;
        }
        w.u8(1);
        w.string(schema.target());
        w.u8(TASKS.indexOf(schema.task().name()));
        w.u8(POLICIES.indexOf(schema.missing().name()));
        w.count("schema columns", schema.columns().size(), PayloadReader.MAX_COUNT);
        for (Schema.Column c : schema.columns()) {
            w.string(c.name());
            w.count("categories in column " + c.name(), c.categories().size(), PayloadReader.MAX_COUNT);
            c.categories().forEach(w::string);
            w.f64(c.fill());
            w.u8(c.indicator() ? 1 : 0);
        }
        w.count("classes", schema.classes().size(), PayloadReader.MAX_COUNT);
        schema.classes().forEach(w::string);
        w.f64(schema.targetMean());
        w.f64(schema.targetStd());
    }

    private static Schema readSchema(PayloadReader r) throws ModelFormatException {
        int present = r.u8();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw r.error("bad schema marker " + present);
        }
        String target = r.string();
        int task = r.u8();
        int missing = r.u8();
        if (task >= TASKS.size() || missing >= POLICIES.size()) {
            throw r.error("unknown task " + task + " or missing-value policy " + missing);
        }
        int n = r.count("schema column", PayloadReader.MAX_COUNT, 17);
        List<Schema.Column> columns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = r.string();
            int k = r.count("category", PayloadReader.MAX_COUNT, 4);
            List<String> cats = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                cats.add(r.string());
            }
            columns.add(new Schema.Column(name, cats, r.f64(), r.u8() == 1));
        }
        int k = r.count("class", PayloadReader.MAX_COUNT, 4);
        List<String> classes = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            classes.add(r.string());
        }
        return new Schema(
                columns,
                target,
                Schema.Task.valueOf(TASKS.get(task)),
                classes,
                r.f64(),
                r.f64(),
                Schema.Missing.valueOf(POLICIES.get(missing)));
    }

    private static void writeFields(PayloadWriter w, List<Field> fields, Spec spec) {
        for (Field f : fields) {
            switch (f.type()) {
                case INT -> w.setting(spec.kind() + " " + f.key(), spec.intValue(f.key()));
                case DOUBLE -> w.f64(spec.doubleValue(f.key()));
                case DOUBLES -> w.doubles(spec.doubles(f.key()));
                case ACTIVATION -> writeActivation(w, spec.spec(f.key()));
            }
        }
    }

    /** An activation is its name and one float64: its only DOUBLE setting (LeakyReLU's alpha), else 0. */
    private static void writeActivation(PayloadWriter w, Spec spec) {
        Kind<? extends Activation> kind = Registry.activationKind(spec.kind());
        if (kind == null) {
            throw new IllegalArgumentException(
                    "cannot save activation " + spec + ": the model format knows " + Registry.known());
        }
        w.string(spec.kind());
        w.f64(
                kind.fields().isEmpty()
                        ? 0
                        : spec.doubleValue(kind.fields().get(0).key()));
    }

    private static IllegalArgumentException unknown(String what, Object o) {
        return new IllegalArgumentException("cannot save " + what + " ("
                + o.getClass().getName() + "): the model format knows " + Registry.known());
    }

    static SavedModel decode(PayloadReader r, int version) throws ModelFormatException {
        int dtype = r.u8();
        if (dtype > 1) {
            throw r.error("unknown dtype " + dtype);
        }
        DataType type = dtype == 1 ? DataType.DOUBLE : DataType.FLOAT;
        Network network;
        int params;
        if (version >= ModelFile.GRAPH_VERSION) {
            network = GraphCodec.read(r, type);
            params = r.i32();
        } else {
            String lossName = r.string();
            Loss loss = Registry.loss(lossName);
            if (loss == null) {
                throw r.error("unknown loss '" + lossName + "'");
            }
            int count = r.i32();
            if (count < 1 || count > ModelFile.MAX_LAYERS) {
                throw r.error("layer count " + count + " is outside 1.." + ModelFile.MAX_LAYERS);
            }
            Network.Builder builder = Network.builder().dataType(type).loss(loss);
            long declared = 0;
            for (int i = 0; i < count; i++) {
                Layer layer = readLayer(r, i);
                declared += layer.parameterCount();
                builder.add(layer);
            }
            // Check the declared parameter count against the bytes left before allocating anything big.
            params = r.i32();
            if (declared * (type == DataType.DOUBLE ? 8 : 4) > r.remaining()) {
                throw r.error(
                        "the layers declare " + declared + " parameters but only " + r.remaining() + " bytes remain");
            }
            network = builder.seed(0).build();
        }
        readTensors(r, network.parameters(), type, params, "parameter");
        if (version >= 2) {
            readTensors(r, buffers(network), type, r.i32(), "buffer");
        }
        int code = r.u8();
        Normalizer normalizer = null;
        if (code != 0) {
            Kind<? extends Normalizer> kind = Registry.normalizerKind(code);
            if (kind == null) {
                throw r.error("unknown normalizer kind");
            }
            normalizer = kind.create(readFields(r, kind, kind.name()));
        }
        Schema schema = version >= 2 ? readSchema(r) : null;
        try {
            checkParts(network, normalizer, schema);
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
        return new SavedModel(network, normalizer, schema);
    }

    private static Spec readFields(PayloadReader r, Kind<?> kind, String name) throws ModelFormatException {
        Spec spec = Spec.of(name);
        for (Field f : kind.fields()) {
            Object value =
                    switch (f.type()) {
                        case INT -> r.setting(name + " " + f.key());
                        case DOUBLE -> r.f64();
                        case DOUBLES -> r.doubles();
                        case ACTIVATION -> readActivation(r);
                    };
            spec = spec.with(f.key(), value);
        }
        return spec;
    }

    private static Spec readActivation(PayloadReader r) throws ModelFormatException {
        String name = r.string();
        double parameter = r.f64();
        Kind<? extends Activation> kind = Registry.activationKind(name);
        if (kind == null) {
            throw r.error("unknown activation '" + name + "'");
        }
        Spec spec = Spec.of(name);
        return kind.fields().isEmpty() ? spec : spec.with(kind.fields().get(0).key(), parameter);
    }
}
