package org.mbrl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mbrl info}: Java, vector width, CPUs, packaged PTX and the CUDA driver. Reports, never fails. */
@Command(
        name = "info",
        header = "Show the Java runtime, vector width, CPUs, packaged CUDA kernels and CUDA driver.",
        description = {"", "Reports what this machine offers mbrl4j; it never fails (a missing CUDA driver is a line"
                + " of the report). Run it first when train picks another backend than expected.", ""},
        footer = {"", "Example:", "  mbrl info"})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("mbrl4j");
        out.println("  java     " + SystemProbe.java());
        out.println("  vectors  " + SystemProbe.vectors());
        out.println("  cpus     " + SystemProbe.cpus());
        out.println("  ptx      " + SystemProbe.ptx());
        out.println("  libcuda  " + SystemProbe.LIBCUDA + " " + SystemProbe.libcuda());
        out.flush();
        return 0;
    }
}
