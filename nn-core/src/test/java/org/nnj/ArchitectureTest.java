package org.nnj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of nn-core, checked on its sources and classes: no package cycle ({@code models} never
 * imports {@code train}), {@code kernels} the only door to ND4J's factory and to BLAS, and no public
 * method outside {@code kernels} that takes or returns a kernels type.
 */
class ArchitectureTest {
    static final Path SOURCES = Path.of("src/main/java/org/nnj");
    static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    /** Package (relative to org.nnj, "" for the root) to the org.nnj packages its sources import. */
    static Map<String, Set<String>> packageImports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = packageOf(f);
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imp = m.group(2);
                    if (imp.startsWith("org.nnj.")) {
                        String rest = imp.substring("org.nnj.".length());
                        String target =
                                Character.isUpperCase(rest.charAt(0)) ? "" : rest.substring(0, rest.indexOf('.'));
                        if (!target.equals(pkg)) {
                            deps.add(target);
                        }
                    }
                }
            }
        }
        return graph;
    }

    static String packageOf(Path file) {
        Path rel = SOURCES.relativize(file.getParent());
        return rel.toString().replace('/', '.');
    }

    @Test
    void modelsDoesNotImportTrain() throws IOException {
        assertTrue(
                !packageImports().get("models").contains("train"),
                "models imports " + packageImports().get("models"));
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageImports();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            // depth-first search for a path from start back to start
            List<String> stack = new ArrayList<>(List.of(start));
            Set<String> seen = new HashSet<>();
            if (reaches(graph, start, start, seen, stack)) {
                cycles.add(String.join(" -> ", stack));
            }
        }
        assertEquals(List.of(), cycles, "package cycles; the import graph is " + graph);
    }

    private static boolean reaches(
            Map<String, Set<String>> graph, String from, String target, Set<String> seen, List<String> path) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            path.add(next);
            if (next.equals(target) || (seen.add(next) && reaches(graph, next, target, seen, path))) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    @Test
    void onlyKernelsTouchNd4jFactoryAndBlas() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (packageOf(f).equals("kernels")) {
                    continue;
                }
                String text = Files.readString(f);
                if (text.contains("org.nd4j.linalg.factory") || text.contains("org.bytedeco")) {
                    offenders.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void noPublicSignatureOutsideKernelsUsesAKernelsType() throws Exception {
        List<String> leaks = new ArrayList<>();
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.startsWith("org.nnj.kernels.")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (!isVisible(c)) {
                    continue;
                }
                List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
                members.addAll(List.of(c.getDeclaredConstructors()));
                for (Executable e : members) {
                    if (!Modifier.isPublic(e.getModifiers()) && !Modifier.isProtected(e.getModifiers())) {
                        continue;
                    }
                    List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
                    if (e instanceof Method m) {
                        types.add(m.getGenericReturnType());
                    }
                    for (Type t : types) {
                        if (mentionsKernels(t)) {
                            leaks.add(name + "." + e.getName() + ": " + t.getTypeName());
                        }
                    }
                }
                for (Field fld : c.getDeclaredFields()) {
                    if (Modifier.isPublic(fld.getModifiers()) && mentionsKernels(fld.getGenericType())) {
                        leaks.add(name + "." + fld.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    /** Public, and nested only in public classes. */
    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean mentionsKernels(Type t) {
        if (t instanceof Class<?> c) {
            Class<?> base = c.isArray() ? c.getComponentType() : c;
            return base.getName().startsWith("org.nnj.kernels.");
        }
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                if (mentionsKernels(a)) {
                    return true;
                }
            }
            return mentionsKernels(p.getRawType());
        }
        return t.getTypeName().contains("org.nnj.kernels.");
    }

    @Test
    void everyPublicTypeHasAJavadocSummary() throws IOException {
        Pattern declaration = Pattern.compile(
                "^public (final |abstract |sealed )*(class|interface|record|enum|@interface) ", Pattern.MULTILINE);
        List<String> undocumented = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = declaration.matcher(text);
                if (m.find() && !documented(text.substring(0, m.start()))) {
                    undocumented.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), undocumented);
    }

    /** True if the text before a declaration ends with a Javadoc comment (annotations may follow it). */
    static boolean documented(String before) {
        String trimmed = before.strip();
        while (trimmed.endsWith(")") || trimmed.matches("(?s).*\\n@\\w+$")) {
            int at = trimmed.lastIndexOf("\n@");
            if (at < 0) {
                break;
            }
            trimmed = trimmed.substring(0, at).strip();
        }
        return trimmed.endsWith("*/") && trimmed.lastIndexOf("/**") >= 0;
    }

    @Test
    void theCheckCanFail() {
        assertTrue(!documented("package a;\n\nimport b;\n"));
        assertTrue(documented("package a;\n/** A thing. */\n@Deprecated\n"));
        assertTrue(mentionsKernels(org.nnj.kernels.Matrix.class));
        assertTrue(mentionsKernels(org.nnj.kernels.Matrix[].class));
        Map<String, Set<String>> cyclic = Map.of("a", Set.of("b"), "b", Set.of("a"));
        assertTrue(reaches(cyclic, "a", "a", new HashSet<>(), new ArrayList<>()));
    }
}
