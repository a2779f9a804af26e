package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the two parsers of outside input, as ModelFileTest fuzzes the model file: seeded mutations of
 * a valid file (flipped, inserted, deleted and duplicated bytes, truncation), each of which must give a
 * correct result or a clear {@link IllegalArgumentException} / {@link IOException} naming the input,
 * never another exception and never a hang. {@code -Dnnj.fuzz=N} runs N mutations instead of 10,000.
 */
class ReaderFuzzTest {
    static final int MUTATIONS = Integer.getInteger("nnj.fuzz", 10_000);

    static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> { // insert a byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> { // delete a byte
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }

    interface Parse {
        void run(byte[] input) throws Exception;
    }

    static void fuzz(byte[] valid, long seed, Parse parse) {
        Random r = new Random(seed);
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] input = mutate(valid, r);
            try {
                parse.run(input);
                ok++;
            } catch (IllegalArgumentException | IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains("fuzz"), "mutation " + i + ": " + e);
                refused++;
            } catch (Throwable t) {
                fail("mutation " + i + " threw " + t, t);
            }
        }
        assertTrue(ok > 0 && refused > 0, ok + " parsed, " + refused + " refused");
    }

    @Test
    void csvMutationsParseOrFailClearly() {
        StringBuilder sb = new StringBuilder("\"size, cm\",colour,label\n");
        Random r = new Random(1);
        for (int i = 0; i < 40; i++) {
            sb.append(String.format(
                    "%.3f,%s,%s%n",
                    r.nextGaussian(), r.nextBoolean() ? "red" : "\"blue\"", r.nextBoolean() ? "x" : "y"));
        }
        byte[] valid = sb.toString().getBytes(StandardCharsets.UTF_8);
        fuzz(valid, 7, input -> {
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CsvTable t = CsvTable.parse(new InputStreamReader(new ByteArrayInputStream(input), decoder), "fuzz.csv");
            if (t.header().contains("label")) {
                Dataset d = t.classification("label");
                assertTrue(d.size() == t.rowCount());
            }
        });
    }

    @Test
    void idxMutationsParseOrFailClearly() throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(images);
        out.writeInt(0x00000803);
        out.writeInt(3);
        out.writeInt(4);
        out.writeInt(4);
        for (int i = 0; i < 48; i++) {
            out.writeByte(i * 5);
        }
        byte[] validImages = images.toByteArray();
        fuzz(validImages, 8, input -> {
            Idx.Images img = Idx.readImages(new ByteArrayInputStream(input), "fuzz-images");
            assertTrue(img.pixels().length == img.count() * img.rows() * img.cols());
        });
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        out = new DataOutputStream(labels);
        out.writeInt(0x00000801);
        out.writeInt(6);
        out.write(new byte[] {1, 2, 3, 4, 5, 6});
        fuzz(labels.toByteArray(), 9, input -> Idx.readLabels(new ByteArrayInputStream(input), "fuzz-labels"));
    }
}
