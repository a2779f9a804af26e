package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, item 8: a run's outputs appear all at once, and a failed run leaves the previous ones. */
class OutputTest {
    @TempDir
    Path tmp;

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFinishedRunReplacesThePreviousOutputsWhole() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = new Output(dir);
        Files.writeString(first.file("old.png"), "old");
        first.metrics(Map.of("run", 1));
        Output second = new Output(dir);
        Files.writeString(second.file("new.png"), "new");
        assertEquals(List.of("metrics.json", "old.png"), names(dir), "nothing of the second run shows yet");
        second.metrics(Map.of("run", 2));
        assertEquals(List.of("metrics.json", "new.png"), names(dir));
        assertEquals(List.of("out"), names(tmp), "no hidden folder left");
    }

    @Test
    void aFailedRunLeavesThePreviousOutputsAndNothingElse() throws Exception {
        Path dir = tmp.resolve("out");
        Output first = new Output(dir);
        Files.writeString(first.file("a.png"), "a");
        first.metrics(Map.of("run", 1));
        Output failed = new Output(dir);
        Files.writeString(failed.file("b.png"), "b");
        Output.discardUnfinished(); // what the command line does on an error
        assertEquals(List.of("a.png", "metrics.json"), names(dir));
        assertEquals(List.of("out"), names(tmp));
        assertTrue(Files.readString(dir.resolve("metrics.json")).contains("1"));
    }
}
