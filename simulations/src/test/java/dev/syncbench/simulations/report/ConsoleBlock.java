package dev.syncbench.simulations.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Prints a report in one write. Gatling prints its console summary from its own thread, one
 * {@code println} per summary; a report printed line by line could have that block land in its
 * middle, while one write of the whole report cannot be split by it.
 */
public final class ConsoleBlock {
    private ConsoleBlock() {
    }

    public static void print(PrintStream out, Consumer<PrintStream> report) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream block = new PrintStream(buffer, false, StandardCharsets.UTF_8);
        report.accept(block);
        block.flush();
        out.print(buffer.toString(StandardCharsets.UTF_8));
        out.flush();
    }
}
