package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of the files nnj wrote in one folder: a hidden file {@value #NAME} with one line per file,
 * {@code kind<TAB>sha256<TAB>name}. A command replaces or deletes a file only if this record lists it
 * with the SHA-256 of its present content, so a file nnj did not write (or one the user has changed
 * since) is never touched. The kind tells a run folder's outputs ({@code run}: plots, model.nnj,
 * metrics.json, replaced together by the next run into that folder) from single files ({@code file}:
 * {@code --export-onnx}, predict's {@code --out}, replaced only by a command writing that same file).
 */
final class Manifest {
    static final String NAME = ".nnj-outputs";
    private static final String HEADER = "# files nnj wrote in this folder: nnj replaces or deletes only these";

    /** One recorded file. */
    record Entry(String kind, String sha256) {}

    private final Path folder;
    private final Map<String, Entry> entries;

    private Manifest(Path folder, Map<String, Entry> entries) {
        this.folder = folder;
        this.entries = entries;
    }

    /** The folder's record (empty if it has none, or if it is unreadable or malformed: nothing is owned then). */
    static Manifest of(Path folder) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Path p = folder.resolve(NAME);
        if (Files.isRegularFile(p)) {
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 3 && (f[0].equals("run") || f[0].equals("file")) && f[1].length() == 64) {
                        entries.put(f[2], new Entry(f[0], f[1]));
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                entries.clear();
            }
        }
        return new Manifest(folder, entries);
    }

    /** True if nnj wrote {@code name} here and it is unchanged since (its SHA-256 is the recorded one). */
    boolean owns(String name) throws IOException {
        Entry e = entries.get(name);
        Path p = folder.resolve(name);
        return e != null && Files.isRegularFile(p) && e.sha256().equals(sha256(p));
    }

    /** The names recorded with {@code kind}. */
    List<String> names(String kind) {
        return entries.entrySet().stream()
                .filter(e -> e.getValue().kind().equals(kind))
                .map(Map.Entry::getKey)
                .toList();
    }

    void put(String name, String kind, String sha256) {
        entries.put(name, new Entry(kind, sha256));
    }

    void remove(String name) {
        entries.remove(name);
    }

    /** Writes the record atomically (a temporary sibling moved over it). */
    void write() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        entries.forEach((name, e) -> sb.append(e.kind())
                .append('\t')
                .append(e.sha256())
                .append('\t')
                .append(name)
                .append('\n'));
        Path tmp = folder.resolve(NAME + "." + System.nanoTime() + ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, folder.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
