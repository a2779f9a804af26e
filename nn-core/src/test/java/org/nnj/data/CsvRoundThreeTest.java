package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV cases of the third round of bad-input reports (issue 24, items 7, 8 and 24). */
class CsvRoundThreeTest {
    static CsvTable csv(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "t.csv");
    }

    static String error(CsvTable t, String target, Schema.Task task) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Schema.fit(t, target, t.allRows(), task, Schema.Missing.ERROR, List.of()));
        return e.getMessage();
    }

    @Test
    void aColumnOfFormattedNumbersIsAnErrorNamingTheFormatNeverCategories() throws IOException {
        String[][] cases = {
            {"\"5,1\"", "\"4,9\"", "comma"},
            {"\"12,000\"", "\"9,500\"", "comma"},
            {"30%", "12.5%", "percentage"},
            {"$5", "$7.50", "currency"},
            {"12 000", "9 500", "thousands"},
        };
        for (String[] c : cases) {
            CsvTable t = csv("a,label\n" + c[0] + ",x\n" + c[1] + ",y\n" + c[0] + ",x\n");
            String m = error(t, "label", Schema.Task.CLASSIFICATION);
            assertTrue(m.contains("line 2") && m.contains("'a'") && m.contains(c[2]), c[0] + ": " + m);
            // The same column through CsvTable's own datasets.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.classification("label"));
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void aFormattedNumberAmongPlainOnesNamesItsFormat() throws IOException {
        CsvTable t = csv("a,label\n1.5,x\n2,y\n\"2,5\",x\n");
        String m = error(t, "label", Schema.Task.CLASSIFICATION);
        assertTrue(m.contains("line 4") && m.contains("comma") && m.contains("2 of 3"), m);
    }

    @Test
    void textThatOnlyContainsACommaOrPercentStaysACategory() throws IOException {
        CsvTable t = csv("a,label\n\"red, dark\",x\nblue,y\n\"red, dark\",x\n");
        Schema s = Schema.fit(t, "label", t.allRows(), Schema.Task.CLASSIFICATION, Schema.Missing.ERROR, List.of());
        assertEquals(List.of("blue", "red, dark"), s.columns().get(0).categories());
    }

    @Test
    void aTargetOfFormattedNumbersIsAnError() throws IOException {
        CsvTable t = csv("a,price\n1,\"12,000\"\n2,\"9,500\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.labels("price"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("comma"), e.getMessage());
    }

    @Test
    void zeroAndMinusZeroAreOneClass() throws IOException {
        CsvTable.Labels l = csv("a,label\n1,0\n2,-0\n3,1\n4,0.0\n").labels("label");
        assertEquals(List.of("0", "1"), l.classes());
        assertArrayEquals(new int[] {0, 0, 1, 0}, l.indices());
    }

    @Test
    void aLabelThatRoundsToZeroOrInfinityIsAnErrorNotAMergedClass() throws IOException {
        for (String v : List.of("1e-400", "-3e-999", "1e400")) {
            CsvTable t = csv("a,label\n1,0\n2," + v + "\n3,1\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.labels("label"));
            assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains(v), e.getMessage());
        }
        assertEquals(
                2, csv("a,label\n1,0\n2,0e5\n3,1\n").labels("label").classes().size());
    }

    @Test
    void semicolonAndTabFilesNameTheDelimiter() throws IOException {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> csv("a;b;label\n5,1;3,5;x\n4,9;3;y\n"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("semicolon"), e.getMessage());
        CsvTable tabs = csv("a\tb\tlabel\n1\t2\tx\n3\t4\ty\n");
        e = assertThrows(IllegalArgumentException.class, () -> tabs.column("label"));
        assertTrue(e.getMessage().contains("tab-separated"), e.getMessage());
    }

    @Test
    void noBreakAndOtherUnicodeSpacesAroundHeadersAndCellsAreTrimmed() throws IOException {
        CsvTable t = csv("a\u00A0,label\u202F\n1.5\u00A0,x\n\u20072,y\n");
        assertEquals(List.of("a", "label"), t.header());
        assertEquals(1.5, t.classification("label").features().getDouble(0, 0));
    }
}
