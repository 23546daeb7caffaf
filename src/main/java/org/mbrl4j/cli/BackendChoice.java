package org.mbrl4j.cli;

import java.io.PrintWriter;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.factory.Backends;
import org.mbrl4j.backend.cuda.CudaException;
import org.mbrl4j.backend.cuda.CudaUnavailableException;
import org.mbrl4j.config.ExecutionConfig;

/**
 * The {@code device} key for {@code train} and {@code eval}: {@link Backends#create} picks the backend
 * ({@code auto}: CUDA when a device is present and starts, else the CPU), the reason is printed, and a
 * CUDA backend that cannot start under {@code device=cuda} is a user error with the driver's reason.
 */
final class BackendChoice {
    private BackendChoice() {}

    static Backend create(ExecutionConfig execution, PrintWriter out) {
        try {
            Backends.Selection s = Backends.create(execution);
            out.println(s.reason());
            out.flush();
            return s.backend();
        } catch (CudaUnavailableException | CudaException e) {
            String hint = e.getMessage().contains("device=cpu") ? "" : "; use device=cpu to run on the CPU backend";
            throw new CliException("device=" + execution.device().yamlName() + ": the CUDA backend cannot start: "
                    + e.getMessage() + hint, Main.EXIT_USAGE);
        }
    }
}
