package org.mbrl4j.backend.cuda;

import java.util.List;

/**
 * One kernel launch as a launcher describes it: the PTX module (kernels/&lt;module&gt;.cu), the
 * {@code extern "C"} entry point, the launch geometry, dynamic shared memory, the arguments in
 * signature order, and a short description of the shapes for error messages.
 */
public record KernelCall(String module, String entry, Dim3 grid, Dim3 block, int sharedBytes, List<KernelArg> args,
        String shapes) {

    public KernelCall {
        args = List.copyOf(args);
        grid.requireGrid(entry);
        block.requireBlock(entry);
        if (sharedBytes < 0) {
            throw new IllegalArgumentException(entry + ": dynamic shared memory " + sharedBytes + " < 0");
        }
    }

    /** "entry grid block shapes", for messages. */
    public String describe() {
        return module + "/" + entry + " grid " + grid + " block " + block
                + (sharedBytes > 0 ? " smem " + sharedBytes : "") + " [" + shapes + "]";
    }
}
