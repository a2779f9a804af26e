package org.nnj.io;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.models.Network;

/**
 * Saves and loads networks in one versioned, checksummed file format.
 *
 * <h2>Format, versions 1 and 2 (all numbers little-endian)</h2>
 * <pre>
 * offset  size  field
 * 0       8     magic "NNJMODEL" (ASCII)
 * 8       4     format version (int32): 1, or 2 for a model with buffers or a schema
 * 12      8     payload length N (int64)
 * 20      N     payload
 * 20+N    4     CRC32C of bytes [0, 20+N)
 *
 * payload:
 *   dtype            u8      0 = FLOAT, 1 = DOUBLE
 *   loss             string  mse | mae | binary_crossentropy | binary_crossentropy_from_logits |
 *                            categorical_crossentropy | softmax_crossentropy
 *   layers           int32   1..4096, then per layer:
 *     kind           string  dense | activation | dropout | conv2d | maxpool2d | avgpool2d | flatten |
 *                            batchnorm (the settings of each kind are its class's KIND's, in order)
 *     dense:         in int32, out int32, activation
 *     activation:    size int32, activation
 *     dropout:       size int32, p float64
 *   activation       string name (identity | step | sigmoid | tanh | relu | leakyrelu | softmax),
 *                    then float64 parameter (LeakyReLU's alpha, else 0)
 *   parameters       int32 count, then per parameter (in Network.parameters() order):
 *                    rows int32, cols int32, rows*cols values (float32 or float64 as dtype)
 *   buffers          version 2 only: as parameters, every layer's buffers (Layer.buffers(), e.g.
 *                    batch normalization's running mean and variance), in layer order
 *   normalizer       u8 0 = none, 1 = Standardizer (mean[], std[]), 2 = MinMaxScaler (min[], range[]);
 *                    arrays are int32 length then float64 values
 *   schema           version 2 only: u8 0 = none, or 1 then target string, task u8 (0 classification,
 *                    1 regression), missing-value policy u8 (0 error, 1 drop, 2 impute), int32 column
 *                    count and per column: name string, int32 category count and the categories,
 *                    fill float64, indicator u8; int32 class count and the classes; target mean and
 *                    std float64
 * string = int32 byte length (0..1024) then UTF-8 bytes
 * </pre>
 * <b>Version 3</b> is a checkpoint ({@link #saveCheckpoint}): version 2's payload, then the training
 * section {@link CheckpointCodec} describes (epochs done, seed, history, the optimizer's state, each
 * layer's random generator position). {@link #load} reads its model and skips the section.
 * <b>Version 4</b> is a graph network ({@code Network.graph()}): version 2's payload with the graph
 * section of {@link GraphCodec} (inputs, layers, nodes, outputs with their losses and weights) in place
 * of the loss and the layers; <b>version 5</b> is a graph network's checkpoint (version 4's payload,
 * then the training section). Sequential networks are written as versions 1 to 3, as before.
 *
 * <p>A model that needs neither buffers nor a schema is written as version 1, byte for byte as before,
 * so that older readers still load it; version-1 files load here unchanged.
 * The payload is written by {@link ModelCodec} from the specs each layer, activation, loss and
 * normalizer gives of itself ({@link Registry} maps the names back); this class is the container.
 * A plain model file holds no optimizer state; a checkpoint does, and {@code Trainer.resume} continues
 * from it exactly.
 *
 * <p><b>Saving</b> is atomic: the bytes go to a temporary file in the target's folder, which is
 * flushed to disk ({@code fsync}) and then renamed over the target; the folder is synced too. A crash
 * or kill at any moment leaves either the previous file or the new one, never a mix (at worst a
 * stray {@code .tmp} file beside it).
 *
 * <p><b>Loading</b> reads and checks the 20-byte header first (magic, version, and that the announced
 * length is the file's), then the rest once (so memory is bounded by the model's size), checks the
 * checksum before interpreting anything, and bounds every count by the bytes that remain.
 * Any problem is a {@link ModelFormatException}; no half-built model is ever returned. Predictions of
 * a loaded network are bit-identical to those of the saved one.
 */
public final class ModelFile {
    /** The newest format version this library writes and reads (it reads every older one too). */
    public static final int VERSION = 5;

    /** A graph network's model (the graph section of {@link GraphCodec}), and its checkpoint. */
    static final int GRAPH_VERSION = 4, GRAPH_CHECKPOINT_VERSION = 5;

    /** The version of a checkpoint: version 2's payload, then the training section. */
    static final int CHECKPOINT_VERSION = 3;

    static final byte[] MAGIC = "NNJMODEL".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 20;
    static final int TRAILER = 4;
    /** Largest file this reader accepts. */
    static final long MAX_FILE = Integer.MAX_VALUE - 64;

    static final int MAX_LAYERS = 4096;

    private ModelFile() {}

    /** Saves {@code network} (without a normalizer) to {@code file}, atomically. */
    public static void save(Path file, Network network) throws IOException {
        save(file, network, null);
    }

    /**
     * Saves {@code network} and the {@code normalizer} its inputs need (or null) to {@code file},
     * atomically: the previous file stays intact until the new one is complete on disk. Missing parent
     * folders are created.
     *
     * @throws IllegalArgumentException if the network holds a layer, activation or loss this format
     *     does not know (custom classes), or if {@link #load} would refuse the file: a normalizer whose
     *     width is not the network's input size, a non-finite parameter (NaN after diverged training),
     *     a name longer than the format stores; nothing is written then and an existing file is untouched
     * @throws IOException naming the file and the reason if it cannot be written (no permission, a
     *     parent that is a file, no space left)
     */
    public static void save(Path file, Network network, Normalizer normalizer) throws IOException {
        save(file, network, normalizer, null);
    }

    /**
     * Saves the network, its input normalizer (or null) and the {@link Schema} that turns CSV columns
     * into its inputs (or null), atomically, as {@link #save(Path, Network, Normalizer)} does. Saving
     * checks the parts with the rule loading applies: the schema's encoded width and outputs must be
     * the network's input and output sizes, or an IllegalArgumentException naming both is thrown and
     * nothing is written.
     */
    public static void save(Path file, Network network, Normalizer normalizer, Schema schema) throws IOException {
        if (file == null || network == null) {
            throw new IllegalArgumentException("file and network must not be null");
        }
        write(file, encode(network, normalizer, schema));
    }

    /**
     * Writes {@code bytes} to {@code file} atomically (a temporary file in the same folder, synced, then
     * renamed over it; the folder synced too), creating missing parent folders. Any failure is an
     * IOException naming {@code file} and the reason (a parent that is a file, no permission, no space);
     * the previous file is then intact and no temporary file is left behind.
     */
    static void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + target + ": it is a folder, not a file");
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IOException("cannot write " + target + ": " + existing + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(
                    "cannot write " + target + ": cannot create its folder " + dir + " (" + reason(e) + ")", e);
        }
        // A new file with the default permissions (the umask's), like every other file a run writes;
        // Files.createTempFile would make it readable by its owner only.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            // ENOENT while creating a file in a folder that exists: a file system like /proc, which allows none
            String why = e instanceof NoSuchFileException && Files.isDirectory(dir)
                    ? "the file system there does not allow creating files"
                    : reason(e);
            throw new IOException("cannot write " + target + ": cannot create a file in " + dir + " (" + why + ")", e);
        }
        boolean moved = false;
        try {
            try (ch) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot save " + target + " atomically: the file system does not support atomic renames", e);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + " (" + reason(e) + ")", e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * What went wrong, in words: the file system's reason, or the kind of failure (never the bare path a
     * {@link FileSystemException}'s message is, which may be the temporary file's).
     */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String kind = f instanceof AccessDeniedException
                    ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder" : null;
            if (kind == null) {
                return f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
            }
            return f.getReason() == null ? kind : kind + ": " + f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
        }
    }

    /**
     * The bytes {@link #save} would write for the network (with its normalizer and schema, or nulls):
     * the same format in memory, for sending a model over the wire (as Spark broadcasts do).
     */
    public static byte[] toBytes(Network network, Normalizer normalizer, Schema schema) {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        return encode(network, normalizer, schema);
    }

    /** A model from bytes written by {@link #toBytes} or read from a model file; checked as {@link #load} checks. */
    public static SavedModel fromBytes(byte[] bytes, String source) throws ModelFormatException {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return decode(bytes, source);
    }

    /**
     * Saves a training checkpoint atomically, as {@link #save} saves a model (the same checks of the
     * model's parts, the same atomic write); {@code Trainer} writes them with {@code backup(file)}.
     */
    public static void saveCheckpoint(Path file, Checkpoint checkpoint) throws IOException {
        if (file == null || checkpoint == null) {
            throw new IllegalArgumentException("file and checkpoint must not be null");
        }
        write(file, encode(checkpoint));
    }

    /**
     * Loads a checkpoint {@link #saveCheckpoint} wrote, checked as {@link #load} checks a model.
     *
     * @throws ModelFormatException if the file is a model without training state (version 1 or 2)
     */
    public static Checkpoint loadCheckpoint(Path file) throws IOException {
        Checkpoint c = decodeAll(readChecked(file), file.toString()).checkpoint();
        if (c == null) {
            throw new ModelFormatException(file + " is a model file without training state, not a checkpoint:"
                    + " load it with ModelFile.load, or write checkpoints with Trainer.builder().backup(file)");
        }
        return c;
    }

    /** Loads a model saved by {@link #save} (or the model of a checkpoint). */
    public static SavedModel load(Path file) throws IOException {
        return decode(readChecked(file), file.toString());
    }

    /** A model file's bytes, its header checked before the rest is read. */
    private static byte[] readChecked(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file + " is a directory, not a model file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // read until the header is full or the file ends
            }
            checkHeader(header.array(), header.position(), size, file.toString());
            ByteBuffer all = ByteBuffer.allocate((int) size);
            all.put(header.array());
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // read the rest
            }
            return all.array();
        }
    }

    /** Magic, version and announced length, from the first bytes alone, before the body is read. */
    private static void checkHeader(byte[] header, int length, long fileSize, String source)
            throws ModelFormatException {
        if (length < HEADER || fileSize < HEADER + TRAILER) {
            throw new ModelFormatException(source + " is too short (" + fileSize + " bytes) to be a model file");
        }
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new ModelFormatException(source + " is not an nnj model file (no NNJMODEL magic number)");
        }
        ByteBuffer b =
                ByteBuffer.wrap(header, MAGIC.length, HEADER - MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt();
        if (version < 1 || version > VERSION) {
            throw new ModelFormatException(
                    source + " has format version " + version + "; this library reads versions 1 to " + VERSION);
        }
        long payloadLength = b.getLong();
        if (fileSize > MAX_FILE) {
            throw new ModelFormatException(
                    source + " is " + fileSize + " bytes, larger than any model this reader accepts");
        }
        if (payloadLength != fileSize - HEADER - TRAILER) {
            throw new ModelFormatException(
                    source + " is truncated or has extra bytes: the header announces a payload of " + payloadLength
                            + " bytes, the file holds " + (fileSize - HEADER - TRAILER));
        }
    }

    static byte[] encode(Network network, Normalizer normalizer) {
        return encode(network, normalizer, null);
    }

    static byte[] encode(Network network, Normalizer normalizer, Schema schema) {
        return frame(ModelCodec.encode(network, normalizer, schema), ModelCodec.version(network, schema));
    }

    static byte[] encode(Checkpoint c) {
        SavedModel m = c.model();
        int version = m.network().topology().isSequential() ? CHECKPOINT_VERSION : GRAPH_CHECKPOINT_VERSION;
        PayloadWriter w = ModelCodec.encode(m.network(), m.normalizer(), m.schema(), version);
        CheckpointCodec.write(w, c);
        return frame(w.bytes(), version);
    }

    /** Magic, version, length, the payload and its CRC32C. */
    private static byte[] frame(byte[] payload, int version) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(version).putLong(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, HEADER + payload.length);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    static SavedModel decode(byte[] bytes, String source) throws ModelFormatException {
        return decodeAll(bytes, source).model();
    }

    /** A model file's model and, for a checkpoint (version 3), the whole checkpoint (else null). */
    private record Decoded(SavedModel model, Checkpoint checkpoint) {}

    private static Decoded decodeAll(byte[] bytes, String source) throws ModelFormatException {
        checkHeader(bytes, bytes.length, bytes.length, source);
        int payloadLength = bytes.length - HEADER - TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + payloadLength);
        int stored = ByteBuffer.wrap(bytes, HEADER + payloadLength, TRAILER)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(source + " is corrupted: checksum mismatch");
        }
        ByteBuffer payload =
                ByteBuffer.wrap(bytes, HEADER, payloadLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        try {
            int version = ByteBuffer.wrap(bytes, MAGIC.length, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            PayloadReader reader = new PayloadReader(payload, source);
            SavedModel model = ModelCodec.decode(reader, version);
            Checkpoint checkpoint = version == CHECKPOINT_VERSION || version == GRAPH_CHECKPOINT_VERSION
                    ? CheckpointCodec.read(reader, model)
                    : null;
            if (payload.hasRemaining()) {
                throw new ModelFormatException(
                        source + ": " + payload.remaining() + " unexplained bytes after the model");
            }
            return new Decoded(model, checkpoint);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException(source + ": the payload ends in the middle of a field");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFormatException(source + ": inconsistent model: " + e.getMessage());
        }
    }
}
