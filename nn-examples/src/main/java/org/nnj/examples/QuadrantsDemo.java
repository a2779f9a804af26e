package org.nnj.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "quadrants", description = "(not yet available)")
public final class QuadrantsDemo implements Callable<Integer> {
    @Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("the quadrants demo is not written yet");
    }
}
