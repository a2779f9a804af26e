package org.nnj.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The text-level rules of {@link CsvTable}'s reader: where a file stops being UTF-8, which spaces
 * around a cell are trimmed, which delimiter a one-field header suggests, and what a header must be.
 */
final class CsvText {
    private CsvText() {}

    /** The line (from 1) holding the first byte sequence that is not UTF-8, found by decoding in blocks. */
    static long firstUndecodableLine(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(1 << 16);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(1 << 16);
        long line = 1;
        try (var ch = Files.newByteChannel(file)) {
            boolean eof = false;
            while (!eof) {
                eof = ch.read(in) < 0;
                in.flip();
                int start = in.position();
                var result = decoder.decode(in, out, eof);
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        line++;
                    }
                }
                if (result.isError()) {
                    return line;
                }
                out.clear();
                in.compact();
            }
        }
        return line;
    }

    /**
     * The cells without surrounding white space of any kind: the parser trims ASCII spaces and tabs,
     * this also trims the no-break and other Unicode spaces a spreadsheet leaves.
     */
    static String[] trimSpaces(String[] values) {
        String[] out = values;
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            int a = 0;
            int b = v.length();
            while (a < b && isSpace(v.charAt(a))) {
                a++;
            }
            while (b > a && isSpace(v.charAt(b - 1))) {
                b--;
            }
            if (a > 0 || b < v.length()) {
                out = out == values ? values.clone() : out;
                out[i] = v.substring(a, b);
            }
        }
        return out;
    }

    static boolean isSpace(char ch) {
        return Character.isWhitespace(ch) || Character.isSpaceChar(ch);
    }

    /** "semicolon", "tab" or "bar" if a one-field header holds that delimiter, else null. */
    static String otherDelimiter(List<String> header) {
        if (header.size() != 1) {
            return null;
        }
        String h = header.get(0);
        return h.contains(";") ? "semicolon" : h.contains("\t") ? "tab" : h.contains("|") ? "bar" : null;
    }

    static IllegalArgumentException notText(String where, CharacterCodingException e) {
        return new IllegalArgumentException(
                where + " is not UTF-8 text (" + e.getClass().getSimpleName()
                        + ": is the file compressed, binary or in another encoding such as Latin-1 or UTF-16?)",
                e);
    }

    static List<String> checkHeader(String[] names, String source) {
        Set<String> seen = new HashSet<>();
        boolean allNumeric = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) {
                throw new IllegalArgumentException(
                        source + " line 1: column " + (i + 1) + " has no name in the header");
            }
            if (!seen.add(names[i])) {
                throw new IllegalArgumentException(source + " line 1: column name '" + names[i] + "' appears twice");
            }
            allNumeric &= ColumnKind.isNumber(names[i]);
        }
        if (allNumeric) {
            throw new IllegalArgumentException(
                    source + " has no header: its first row " + Arrays.toString(names) + " holds only numbers");
        }
        return Arrays.asList(names);
    }
}
