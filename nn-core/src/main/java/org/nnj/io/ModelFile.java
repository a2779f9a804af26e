package org.nnj.io;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.activations.Activation;
import org.nnj.activations.Identity;
import org.nnj.activations.LeakyReLU;
import org.nnj.activations.ReLU;
import org.nnj.activations.Sigmoid;
import org.nnj.activations.Softmax;
import org.nnj.activations.Step;
import org.nnj.activations.Tanh;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.kernels.Matrix;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.CategoricalCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.losses.MAE;
import org.nnj.losses.MSE;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.models.Network;

/**
 * Saves and loads networks in one versioned, checksummed file format.
 *
 * <h2>Format, version 1 (all numbers little-endian)</h2>
 * <pre>
 * offset  size  field
 * 0       8     magic "NNJMODEL" (ASCII)
 * 8       4     format version (int32) = 1
 * 12      8     payload length N (int64)
 * 20      N     payload
 * 20+N    4     CRC32C of bytes [0, 20+N)
 *
 * payload:
 *   dtype            u8      0 = FLOAT, 1 = DOUBLE
 *   loss             string  mse | mae | binary_crossentropy | binary_crossentropy_from_logits |
 *                            categorical_crossentropy | softmax_crossentropy
 *   layers           int32   1..4096, then per layer:
 *     kind           string  dense | activation | dropout
 *     dense:         in int32, out int32, activation
 *     activation:    size int32, activation
 *     dropout:       size int32, p float64
 *   activation       string name (identity | step | sigmoid | tanh | relu | leakyrelu | softmax),
 *                    then float64 parameter (LeakyReLU's alpha, else 0)
 *   parameters       int32 count, then per parameter (in Network.parameters() order):
 *                    rows int32, cols int32, rows*cols values (float32 or float64 as dtype)
 *   normalizer       u8 0 = none, 1 = Standardizer (mean[], std[]), 2 = MinMaxScaler (min[], range[]);
 *                    arrays are int32 length then float64 values
 * string = int32 byte length (0..1024) then UTF-8 bytes
 * </pre>
 * Optimizer state is not saved: training resumed from a file starts its optimizer afresh.
 *
 * <p><b>Saving</b> is atomic: the bytes go to a temporary file in the target's folder, which is
 * flushed to disk ({@code fsync}) and then renamed over the target; the folder is synced too. A crash
 * or kill at any moment leaves either the previous file or the new one, never a mix (at worst a
 * stray {@code .tmp} file beside it).
 *
 * <p><b>Loading</b> reads the file once (so memory is bounded by its size), checks magic, version,
 * length and checksum before interpreting anything, and bounds every count by the bytes that remain.
 * Any problem is a {@link ModelFormatException}; no half-built model is ever returned. Predictions of
 * a loaded network are bit-identical to those of the saved one.
 */
public final class ModelFile {
    public static final int VERSION = 1;
    static final byte[] MAGIC = "NNJMODEL".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 20;
    static final int TRAILER = 4;
    /** Largest file this reader accepts. */
    static final long MAX_FILE = Integer.MAX_VALUE - 64;
    static final int MAX_LAYERS = 4096;
    static final int MAX_STRING = 1024;
    static final int MAX_SIZE = 1 << 24;

    private ModelFile() {
    }

    /** Saves {@code network} (without a normalizer) to {@code file}, atomically. */
    public static void save(Path file, Network network) throws IOException {
        save(file, network, null);
    }

    /**
     * Saves {@code network} and the {@code normalizer} its inputs need (or null) to {@code file},
     * atomically: the previous file stays intact until the new one is complete on disk.
     *
     * @throws IllegalArgumentException if the network holds a layer, activation or loss this format
     *     does not know (custom classes)
     */
    public static void save(Path file, Network network, Normalizer normalizer) throws IOException {
        if (file == null || network == null) {
            throw new IllegalArgumentException("file and network must not be null");
        }
        byte[] bytes = encode(network, normalizer);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot save " + target + " atomically: the file system does not support atomic renames", e);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
        }
    }

    /** Loads a model saved by {@link #save}. */
    public static SavedModel load(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        long size = Files.size(file);
        if (size > MAX_FILE) {
            throw new ModelFormatException(file + " is " + size + " bytes, larger than any model this reader accepts");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    // ------------------------------------------------------------------ encoding

    static byte[] encode(Network network, Normalizer normalizer) {
        Writer w = new Writer();
        w.u8(network.dataType() == DataType.DOUBLE ? 1 : 0);
        w.string(lossName(network.lossFunction()));
        List<Layer> layers = network.layers();
        w.i32(layers.size());
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                w.string("dense");
                w.i32(d.inputSize());
                w.i32(d.outputSize());
                activation(w, d.activation());
            } else if (layer instanceof ActivationLayer a) {
                w.string("activation");
                w.i32(a.inputSize());
                activation(w, a.activation());
            } else if (layer instanceof Dropout d) {
                w.string("dropout");
                w.i32(d.inputSize());
                w.f64(d.p());
            } else {
                throw new IllegalArgumentException("cannot save layer " + layer.name() + " (" + layer.getClass().getName()
                        + "): the model format knows Dense, ActivationLayer and Dropout");
            }
        }
        List<Parameter> params = network.parameters();
        w.i32(params.size());
        boolean isDouble = network.dataType() == DataType.DOUBLE;
        for (Parameter p : params) {
            Matrix v = p.value();
            w.i32(v.rows());
            w.i32(v.cols());
            for (int i = 0; i < v.size(); i++) {
                if (isDouble) {
                    w.f64(v.get(i));
                } else {
                    w.f32((float) v.get(i));
                }
            }
        }
        if (normalizer == null) {
            w.u8(0);
        } else if (normalizer instanceof Standardizer s) {
            w.u8(1);
            w.doubles(s.mean());
            w.doubles(s.std());
        } else if (normalizer instanceof MinMaxScaler m) {
            w.u8(2);
            w.doubles(m.min());
            w.doubles(m.range());
        } else {
            throw new IllegalArgumentException("cannot save normalizer " + normalizer.getClass().getName());
        }
        byte[] payload = w.bytes();
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putLong(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, HEADER + payload.length);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static void activation(Writer w, Activation a) {
        if (a instanceof LeakyReLU l) {
            w.string("leakyrelu");
            w.f64(l.alpha());
            return;
        }
        if (!(a instanceof Identity || a instanceof Step || a instanceof Sigmoid || a instanceof Tanh
                || a instanceof ReLU || a instanceof Softmax)) {
            throw new IllegalArgumentException("cannot save activation " + a.name() + " (" + a.getClass().getName() + ")");
        }
        w.string(a.name());
        w.f64(0);
    }

    private static String lossName(Loss loss) {
        if (loss instanceof MSE || loss instanceof MAE || loss instanceof BinaryCrossEntropy
                || loss instanceof CategoricalCrossEntropy || loss instanceof SoftmaxCrossEntropy) {
            return loss.name();
        }
        throw new IllegalArgumentException("cannot save loss " + loss.name() + " (" + loss.getClass().getName() + ")");
    }

    // ------------------------------------------------------------------ decoding

    static SavedModel decode(byte[] bytes, String source) throws ModelFormatException {
        if (bytes.length < HEADER + TRAILER) {
            throw new ModelFormatException(source + " is too short (" + bytes.length + " bytes) to be a model file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException(source + " is not an nnj model file (no NNJMODEL magic number)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new ModelFormatException(source + " has format version " + version + "; this library reads version " + VERSION);
        }
        long payloadLength = b.getLong();
        long expected = (long) bytes.length - HEADER - TRAILER;
        if (payloadLength != expected) {
            throw new ModelFormatException(source + " is truncated or has extra bytes: the header announces a payload of "
                    + payloadLength + " bytes, the file holds " + expected);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + (int) payloadLength);
        int stored = ByteBuffer.wrap(bytes, HEADER + (int) payloadLength, TRAILER).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(source + " is corrupted: checksum mismatch");
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, HEADER, (int) payloadLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        try {
            SavedModel model = parse(new Reader(payload, source));
            if (payload.hasRemaining()) {
                throw new ModelFormatException(source + ": " + payload.remaining() + " unexplained bytes after the model");
            }
            return model;
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException(source + ": the payload ends in the middle of a field");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFormatException(source + ": inconsistent model: " + e.getMessage());
        }
    }

    private static SavedModel parse(Reader r) throws ModelFormatException {
        int dtype = r.u8();
        if (dtype > 1) {
            throw r.error("unknown dtype " + dtype);
        }
        DataType type = dtype == 1 ? DataType.DOUBLE : DataType.FLOAT;
        Loss loss = loss(r, r.string());
        int count = r.i32();
        if (count < 1 || count > MAX_LAYERS) {
            throw r.error("layer count " + count + " is outside 1.." + MAX_LAYERS);
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String kind = r.string();
            switch (kind) {
                case "dense" -> {
                    int in = r.size("dense input size");
                    int out = r.size("dense output size");
                    layers.add(new Dense(in, out, activation(r), Initializer.zeros(), Initializer.zeros()));
                }
                case "activation" -> {
                    int size = r.size("activation size");
                    layers.add(new ActivationLayer(size, activation(r)));
                }
                case "dropout" -> layers.add(new Dropout(r.size("dropout size"), r.f64()));
                default -> throw r.error("unknown layer kind '" + kind + "'");
            }
        }
        Network.Builder builder = Network.builder().dataType(type).loss(loss);
        for (Layer l : layers) {
            builder.add(l);
        }
        // Check every declared parameter shape against the bytes left before building anything big.
        int params = r.i32();
        long declared = 0;
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                declared += (long) d.inputSize() * d.outputSize() + d.outputSize();
            }
        }
        if (declared * (type == DataType.DOUBLE ? 8 : 4) > r.remaining()) {
            throw r.error("the layers declare " + declared + " parameters but only " + r.remaining() + " bytes remain");
        }
        Network network = builder.seed(0).build();
        List<Parameter> expected = network.parameters();
        if (params != expected.size()) {
            throw r.error(params + " parameter tensors for a network that has " + expected.size());
        }
        for (Parameter p : expected) {
            int rows = r.i32();
            int cols = r.i32();
            Matrix v = p.value();
            if (rows != v.rows() || cols != v.cols()) {
                throw r.error(p.name() + " is stored as " + rows + " x " + cols + " but the layer needs " + v.rows() + " x " + v.cols());
            }
            for (int i = 0; i < v.size(); i++) {
                double value = type == DataType.DOUBLE ? r.f64() : r.f32();
                if (!Double.isFinite(value)) {
                    throw r.error(p.name() + " holds a non-finite value");
                }
                v.set(i, value);
            }
        }
        Normalizer normalizer = switch (r.u8()) {
            case 0 -> null;
            case 1 -> new Standardizer(r.doubles(), r.doubles());
            case 2 -> new MinMaxScaler(r.doubles(), r.doubles());
            default -> throw r.error("unknown normalizer kind");
        };
        if (normalizer != null && normalizer.columns() != network.inputSize()) {
            throw r.error("the normalizer has " + normalizer.columns() + " columns but the network takes " + network.inputSize());
        }
        return new SavedModel(network, normalizer);
    }

    private static Loss loss(Reader r, String name) throws ModelFormatException {
        return switch (name) {
            case "mse" -> Loss.mse();
            case "mae" -> Loss.mae();
            case "binary_crossentropy" -> BinaryCrossEntropy.onProbabilities();
            case "binary_crossentropy_from_logits" -> BinaryCrossEntropy.fromLogits();
            case "categorical_crossentropy" -> Loss.categoricalCrossEntropy();
            case "softmax_crossentropy" -> Loss.softmaxCrossEntropy();
            default -> throw r.error("unknown loss '" + name + "'");
        };
    }

    private static Activation activation(Reader r) throws ModelFormatException {
        String name = r.string();
        double param = r.f64();
        return switch (name) {
            case "identity" -> Activation.identity();
            case "step" -> Activation.step();
            case "sigmoid" -> Activation.sigmoid();
            case "tanh" -> Activation.tanh();
            case "relu" -> Activation.relu();
            case "softmax" -> Activation.softmax();
            case "leakyrelu" -> Activation.leakyRelu(param);
            default -> throw r.error("unknown activation '" + name + "'");
        };
    }

    /** Little-endian writer into a growing buffer. */
    private static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void u8(int v) {
            ensure(1);
            buf.put((byte) v);
        }

        void i32(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void f32(float v) {
            ensure(4);
            buf.putFloat(v);
        }

        void f64(double v) {
            ensure(8);
            buf.putDouble(v);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i32(b.length);
            ensure(b.length);
            buf.put(b);
        }

        void doubles(double[] v) {
            i32(v.length);
            for (double d : v) {
                f64(d);
            }
        }

        byte[] bytes() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }

    /** Bounded little-endian reader over the payload. */
    private static final class Reader {
        private final ByteBuffer buf;
        private final String source;

        Reader(ByteBuffer buf, String source) {
            this.buf = buf;
            this.source = source;
        }

        ModelFormatException error(String what) {
            return new ModelFormatException(source + ": " + what + " (at payload byte " + buf.position() + ")");
        }

        int remaining() {
            return buf.remaining();
        }

        int u8() {
            return buf.get() & 0xff;
        }

        int i32() {
            return buf.getInt();
        }

        float f32() {
            return buf.getFloat();
        }

        double f64() {
            return buf.getDouble();
        }

        int size(String what) throws ModelFormatException {
            int v = buf.getInt();
            if (v < 1 || v > MAX_SIZE) {
                throw error(what + " " + v + " is outside 1.." + MAX_SIZE);
            }
            return v;
        }

        String string() throws ModelFormatException {
            int n = buf.getInt();
            if (n < 0 || n > MAX_STRING || n > buf.remaining()) {
                throw error("string length " + n + " is impossible here");
            }
            byte[] b = new byte[n];
            buf.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        double[] doubles() throws ModelFormatException {
            int n = buf.getInt();
            if (n < 1 || (long) n * 8 > buf.remaining()) {
                throw error("array length " + n + " is impossible here");
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = buf.getDouble();
            }
            return v;
        }
    }
}
