package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demos use nn-core as a user would: nothing from its internal kernels package. */
class PublicApiOnlyTest {
    static final String KERNELS = "org.nnj." + "kernels";

    @Test
    void noDemoImportsTheKernels() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains(KERNELS))
                    .map(Path::toString)
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
