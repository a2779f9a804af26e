package org.nnj.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the command line in-process and keeps what it printed on stderr. */
final class CliRunner {
    String lastError = "";

    int run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf));
            return Main.run(args);
        } finally {
            System.setErr(err);
            lastError = buf.toString();
        }
    }
}
