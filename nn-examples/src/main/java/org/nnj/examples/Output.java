package org.nnj.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything a command writes: a run folder ({@code --out}: PNG plots, model.nnj, metrics.json) and
 * single files elsewhere ({@code --export-onnx}, predict's {@code --out}). The rules, all checked by
 * {@link Builder#open} before any work:
 *
 * <ul>
 *   <li>A command never overwrites or deletes a file it did not write: it replaces a file only if the
 *       folder's {@link Manifest} lists it with the SHA-256 of its present content. A run folder may
 *       hold the user's own files (the input CSV, notes): they stay untouched, unless one has a name a
 *       run writes ({@code metrics.json}, {@code model.nnj}, {@code *.png}), which is refused.
 *   <li>A command never writes over one of its inputs: the real paths (symbolic links resolved) of
 *       every input and every output are compared.
 *   <li>Every destination is created and proven writable before the work (a temporary folder in the
 *       run folder, a temporary file beside each single file), so {@code /proc/x}, a folder under a
 *       regular file, or an unwritable folder fail first, not after training.
 *   <li>Every output goes through the same staging: nothing reaches its final name until {@link
 *       #commit} (or {@link #metrics}, the last output of a demo), which moves each file into place,
 *       deletes the previous run's outputs this run did not replace, and records what it wrote. A run
 *       that fails leaves the previous outputs as they were and no new folder: {@link
 *       #discardUnfinished} removes what it had staged and the folders it created.
 * </ul>
 *
 * Two commands writing into one folder at the same time are not supported.
 */
public final class Output {
    private static final ThreadLocal<List<Output>> UNFINISHED = ThreadLocal.withInitial(ArrayList::new);
    private static final String STAGING = ".nnj-staging-";

    /** A single file written outside the run folder's staging: where it goes and where it is staged. */
    private record Target(String option, Path path, Path staged) {}

    private final Path dir;
    private final Path staging;
    private final Map<String, Target> files;
    private final List<Path> created;
    private final Set<String> written = new LinkedHashSet<>();
    private final Set<String> used = new LinkedHashSet<>();

    private Output(Path dir, Path staging, Map<String, Target> files, List<Path> created) {
        this.dir = dir;
        this.staging = staging;
        this.files = files;
        this.created = created;
    }

    /** A run folder with no other outputs and no inputs to protect, checked and staged now. */
    public static Output to(Path dir) {
        return builder().folder(dir).open();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The outputs and inputs of one command. */
    public static final class Builder {
        private Path folder;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private final Map<String, Path> inputs = new LinkedHashMap<>();

        private Builder() {}

        /** The run folder ({@code --out}). */
        public Builder folder(Path dir) {
            this.folder = dir;
            return this;
        }

        /** A single output file given by {@code option} (ignored if {@code path} is null). */
        public Builder file(String option, Path path) {
            if (path != null) {
                files.put(option, path);
            }
            return this;
        }

        /** A file or folder the command reads, given by {@code option} (ignored if null). */
        public Builder input(String option, Path path) {
            if (path != null) {
                inputs.put(option, path);
            }
            return this;
        }

        /** Checks every output against the rules above, creates the staging, and returns the outputs. */
        public Output open() {
            Map<Path, String> in = new LinkedHashMap<>();
            for (var e : inputs.entrySet()) {
                Path p = e.getValue();
                if (!p.toString().isEmpty() && Files.exists(p)) {
                    try {
                        in.put(p.toRealPath(), e.getKey() + " " + p);
                    } catch (IOException ex) {
                        // unreadable: the command reports it when it reads the input
                    }
                }
            }
            Path dir = null;
            if (folder != null) {
                dir = resolve("--out", folder, true);
                checkFolder(dir, in);
            }
            Map<String, Path> targets = new LinkedHashMap<>();
            for (var e : files.entrySet()) {
                Path t = resolve(e.getKey(), e.getValue(), false);
                checkFile(e.getKey(), e.getValue(), t, dir, in);
                for (var other : targets.entrySet()) {
                    if (other.getValue().equals(t)) {
                        throw new IllegalArgumentException(e.getKey() + " and " + other.getKey()
                                + " name the same file " + e.getValue() + ": give them different names");
                    }
                }
                targets.put(e.getKey(), t);
            }
            List<Path> created = new ArrayList<>();
            Map<String, Target> staged = new LinkedHashMap<>();
            Path staging = null;
            String option = "--out";
            Path given = folder;
            try {
                if (dir != null) {
                    createFolders(dir, created);
                    staging = Files.createDirectory(dir.resolve(STAGING + System.nanoTime()));
                }
                for (var e : targets.entrySet()) {
                    option = e.getKey();
                    given = files.get(option);
                    Path t = e.getValue();
                    createFolders(t.getParent(), created);
                    Path s = Files.createFile(
                            t.resolveSibling("." + t.getFileName() + ".nnj-partial-" + System.nanoTime()));
                    staged.put(option, new Target(option, t, s));
                }
            } catch (IOException | SecurityException ex) {
                new Output(dir, staging, staged, created).discard();
                throw new IllegalArgumentException(
                        option + " " + given + ": cannot write there (" + reason(ex) + ")", ex);
            }
            Output out = new Output(dir, staging, staged, created);
            UNFINISHED.get().add(out);
            return out;
        }
    }

    /** The names a run folder's outputs may have; anything else in the folder is never touched. */
    static boolean isRunFile(String name) {
        return name.equals("metrics.json") || name.equals("model.nnj") || name.endsWith(".png");
    }

    /**
     * The absolute path {@code p} names with every symbolic link of its existing part resolved; a part
     * that exists and is a regular file where a folder is needed is refused.
     */
    private static Path resolve(String option, Path p, boolean folder) {
        String what = folder ? "a folder (--out . for the current one)" : "a file";
        if (p.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty: name " + what);
        }
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException(option + " " + p + ": no part of the path exists");
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    option + " " + p + ": cannot resolve " + existing + " (" + reason(e) + ")");
        }
        Path rest = existing.relativize(abs);
        if (!rest.toString().isEmpty() && !Files.isDirectory(real)) {
            throw new IllegalArgumentException(option + " " + p + ": " + existing + " is a file, not a folder");
        }
        Path result = real.resolve(rest).normalize();
        if (result.getFileName() == null) {
            if (folder) {
                return result;
            }
            throw new IllegalArgumentException(option + " " + p + " names no file: name " + what);
        }
        if (Files.isDirectory(result) != folder && Files.exists(result)) {
            throw new IllegalArgumentException(
                    option + " " + p + " is " + (folder ? "a file, not a folder" : "a folder, not a file"));
        }
        String name = result.getFileName().toString();
        if (name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    option + " " + p + ": a name with a tab or a line break is not supported");
        }
        return result;
    }

    /** The run folder may hold foreign files, but none with a run file's name and no input a run would replace. */
    private static void checkFolder(Path dir, Map<Path, String> inputs) {
        for (var e : inputs.entrySet()) {
            Path input = e.getKey();
            if (dir.equals(input.getParent()) && isRunFile(input.getFileName().toString())) {
                throw new IllegalArgumentException("--out " + dir + " would replace the input " + e.getValue()
                        + ": choose another --out folder (or copy the input elsewhere first)");
            }
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        Manifest manifest = Manifest.of(dir);
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.sorted().toList()) {
                String name = p.getFileName().toString();
                if (isRunFile(name) && !manifest.owns(name)) {
                    foreign.add(name);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot list the folder (" + reason(e) + ")");
        }
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("--out " + dir + " holds "
                    + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                    + (foreign.size() > 3 ? " and " + (foreign.size() - 3) + " more" : "")
                    + ", which nnj did not write (or which changed since): a run writes metrics.json, model.nnj"
                    + " and PNG plots and never replaces a file it did not write; choose another --out folder");
        }
    }

    private static void checkFile(String option, Path given, Path t, Path dir, Map<Path, String> inputs) {
        for (var e : inputs.entrySet()) {
            if (e.getKey().equals(t)) {
                throw new IllegalArgumentException(
                        option + " " + given + " is the input " + e.getValue() + ": writing it would destroy it");
            }
        }
        String name = t.getFileName().toString();
        if (dir != null && dir.equals(t.getParent()) && isRunFile(name)) {
            throw new IllegalArgumentException(option + " " + given + " is where the run writes its own " + name
                    + " in --out: choose another name");
        }
        if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
            boolean owned;
            try {
                owned = Manifest.of(t.getParent()).owns(name);
            } catch (IOException e) {
                owned = false;
            }
            if (!owned) {
                throw new IllegalArgumentException(option + " " + given + " exists and nnj did not write it (or it"
                        + " changed since): choose another name, or remove it first");
            }
        }
    }

    private static void createFolders(Path folder, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "the system refuses to create it there";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return e.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    Path dir() {
        return dir;
    }

    /** Where to write {@code name} of the run folder during the run (in its staging folder). */
    public Path file(String name) {
        if (staging == null) {
            throw new IllegalStateException("these outputs have no run folder");
        }
        if (!isRunFile(name) || name.contains("/") || name.contains("\\")) {
            throw new IllegalStateException(name + " is not a run file name (metrics.json, model.nnj, *.png)");
        }
        written.add(name);
        return staging.resolve(name);
    }

    /** Where to write the file of {@code option} during the run, or null if that option was not given. */
    public Path staged(String option) {
        Target t = files.get(option);
        if (t == null) {
            return null;
        }
        used.add(option);
        return t.staged();
    }

    /** Where {@code name} will be once the run has finished. */
    public Path finalFile(String name) {
        return dir.resolve(name);
    }

    /** Writes metrics.json, the run's last output, and {@link #commit}s. */
    public void metrics(Map<String, Object> metrics) throws IOException {
        Files.writeString(file("metrics.json"), Json.write(metrics));
        commit();
    }

    /**
     * Moves every staged output into place, deletes the previous run's outputs this run did not write,
     * and records what it wrote. Refuses (and discards the run) if a file nnj did not write has appeared
     * at one of the destinations meanwhile.
     */
    public void commit() throws IOException {
        try {
            Manifest folder = dir == null ? null : Manifest.of(dir);
            List<String> names = new ArrayList<>();
            for (String name : written) {
                if (Files.exists(staging.resolve(name))) {
                    if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS) && !folder.owns(name)) {
                        throw new IOException("--out " + dir + ": " + name + " appeared during the run and nnj did"
                                + " not write it; nothing was replaced");
                    }
                    names.add(name);
                }
            }
            Map<Path, Manifest> manifests = new LinkedHashMap<>();
            for (Target t : files.values()) {
                if (!used.contains(t.option())) {
                    continue;
                }
                Path parent = t.path().getParent();
                Manifest m = parent.equals(dir) ? folder : manifests.computeIfAbsent(parent, Manifest::of);
                String name = t.path().getFileName().toString();
                if (Files.exists(t.path(), LinkOption.NOFOLLOW_LINKS) && !m.owns(name)) {
                    throw new IOException(t.option() + " " + t.path() + " appeared during the run and nnj did not"
                            + " write it; nothing was replaced");
                }
            }
            if (dir != null) {
                for (String name : names) {
                    Path from = staging.resolve(name);
                    String sha = Manifest.sha256(from);
                    Files.move(
                            from,
                            dir.resolve(name),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    folder.put(name, "run", sha);
                }
                for (String stale : folder.names("run")) {
                    if (!names.contains(stale)) {
                        if (folder.owns(stale)) {
                            Files.delete(dir.resolve(stale));
                        }
                        folder.remove(stale);
                    }
                }
            }
            for (Target t : files.values()) {
                if (!used.contains(t.option())) {
                    continue;
                }
                Path parent = t.path().getParent();
                Manifest m = parent.equals(dir) ? folder : manifests.get(parent);
                String sha = Manifest.sha256(t.staged());
                Files.move(t.staged(), t.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                m.put(t.path().getFileName().toString(), "file", sha);
            }
            if (folder != null) {
                folder.write();
            }
            for (Manifest m : manifests.values()) {
                m.write();
            }
            created.clear(); // the folders now hold outputs: they stay
            discard();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        } finally {
            UNFINISHED.get().remove(this);
        }
    }

    /** Deletes the staged outputs of runs on this thread that did not finish (called on an error). */
    public static void discardUnfinished() {
        for (Output o : UNFINISHED.get()) {
            o.discard();
        }
        UNFINISHED.get().clear();
    }

    /** Best effort: the staging folder, the staged single files, then the folders this run created, if empty. */
    private void discard() {
        try {
            if (staging != null && Files.exists(staging)) {
                try (Stream<Path> all = Files.walk(staging)) {
                    for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            }
        } catch (IOException e) {
            // the staging folder is hidden and named as nnj's; the previous outputs are untouched either way
        }
        for (Target t : files.values()) {
            try {
                Files.deleteIfExists(t.staged());
            } catch (IOException e) {
                // as above
            }
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                break; // not empty: something else is in it now
            }
        }
        created.clear();
    }
}
