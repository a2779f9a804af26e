package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Checks shared by the demo tests: metrics.json parses, every PNG decodes to at least 300 x 200. */
final class DemoAssertions {
    private DemoAssertions() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> checkOutput(Path dir, int expectedPngs) throws IOException {
        Map<String, Object> m =
                new ObjectMapper().readValue(dir.resolve("metrics.json").toFile(), Map.class);
        for (String key : List.of("test_accuracy", "train_accuracy", "epochs", "seconds", "config")) {
            assertTrue(m.containsKey(key), "metrics.json lacks " + key + ": " + m.keySet());
        }
        List<Path> pngs;
        try (Stream<Path> files = Files.list(dir)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertTrue(pngs.size() >= expectedPngs, "expected at least " + expectedPngs + " PNGs, found " + pngs);
        for (Path png : pngs) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " does not decode");
            assertTrue(
                    img.getWidth() >= 300 && img.getHeight() >= 200,
                    png + " is " + img.getWidth() + "x" + img.getHeight());
        }
        return m;
    }

    /** metrics.json of an output folder, parsed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> metrics(Path dir) throws IOException {
        return new ObjectMapper().readValue(dir.resolve("metrics.json").toFile(), Map.class);
    }

    static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
