package org.nnj.spark.cli;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code java -jar nn-spark.jar} entry point. Spark is a provided dependency of the library, so
 * the jar's manifest cannot name it; this class puts the jar and every jar in {@code lib/} beside it
 * (which the build fills, Spark included) on a class loader, makes it the thread's context loader (as
 * {@code spark-submit} does), sets the system properties Spark needs on Java 17 and runs
 * {@link Main}. The module openings Spark needs are in the manifest ({@code Add-Opens}).
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(Launcher.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        File[] libs = jar.resolveSibling("lib").toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (libs == null) {
            System.err.println("error: " + jar.resolveSibling("lib") + " is missing; build with mvn package");
            System.exit(2);
        }
        Arrays.sort(libs);
        for (File f : libs) {
            urls.add(f.toURI().toURL());
        }
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> main = loader.loadClass("org.nnj.spark.cli.Main");
        main.getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
