package org.nnj.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The demos, as one command line: {@code java -jar nn-examples.jar <demo> [options]}. With no demo, or
 * {@code list}, prints the demos.
 */
@Command(
        name = "nn-examples",
        mixinStandardHelpOptions = true,
        version = "nn-examples 0.1.0-RC2-SNAPSHOT",
        description = "Runnable demos of nn-core. Run '<demo> --help' for a demo's options.",
        subcommands = {
            Main.ListDemos.class,
            IrisNeuronDemo.class,
            EnergyDemo.class,
            QuadrantsDemo.class,
            IrisDemo.class,
            MnistDemo.class,
            CsvDemo.class,
            DeepDemo.class,
            NamesDemo.class,
            TextDemo.class,
            ForecastDemo.class,
            PredictCommand.class
        })
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 on success, 2 on an error). */
    public static int run(String... args) {
        return run(new Main(), args);
    }

    /**
     * Runs a picocli command the way the demos run: headless, and an error is one line on stderr
     * ("error: ..."; a stack trace only for a bug) with status 2 and the unfinished outputs removed.
     * Public for nn-spark's command line.
     */
    public static int run(Object command, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(command)
                // --target=--file names a column called "--file"; a value is never read as an option's name
                .setAllowOptionsAsOptionParameters(true)
                .setParameterExceptionHandler((e, a) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr()
                            .println("error: " + e.getMessage() + " ('" + cmd.getCommandName()
                                    + " --help' lists the options)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    Output.discardUnfinished();
                    cmd.getErr().println("error: " + e.getMessage());
                    if (!(e instanceof IllegalArgumentException || e instanceof java.io.IOException)) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return 2;
                });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            Output.discardUnfinished();
            cl.getErr()
                    .println("error: out of memory (" + e.getMessage() + "; the Java heap is at most "
                            + (Runtime.getRuntime().maxMemory() >> 20)
                            + " MiB): use smaller layers or batches, or a larger -Xmx");
            return 2;
        }
    }

    @Override
    public Integer call() {
        return new ListDemos().call();
    }

    /** Prints one line per demo. */
    @Command(name = "list", description = "List the demos.")
    static final class ListDemos implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine cl = new CommandLine(new Main());
            System.out.println(
                    "Demos (java -jar nn-examples/target/nn-examples.jar <demo> [--out DIR] [--seed N] [--epochs N]):");
            for (var e : cl.getSubcommands().entrySet()) {
                if (e.getKey().equals("list")) {
                    continue;
                }
                String[] d = e.getValue().getCommandSpec().usageMessage().description();
                System.out.printf("  %-12s %s%n", e.getKey(), d.length > 0 ? d[0] : "");
            }
            return 0;
        }
    }
}
