package org.mbrl4j.backend.cuda;

/**
 * One kernel argument with the C type it is passed as. Launchers build argument lists in exactly the
 * order and types of the kernel's {@code extern "C"} signature; a test parses kernels/*.cu and checks
 * every recorded launch against it ({@code int} ↔ {@link I32}, {@code long long} and
 * {@code unsigned long long} ↔ {@link I64}, {@code float} ↔ {@link F32}, any pointer ↔ {@link Ptr}).
 */
public sealed interface KernelArg {

    /** {@code int}: 4 bytes. */
    record I32(int value) implements KernelArg {}

    /** {@code long long} or {@code unsigned long long}: 8 bytes. */
    record I64(long value) implements KernelArg {}

    /** {@code float}: 4 bytes. */
    record F32(float value) implements KernelArg {}

    /** A device pointer (8 bytes); address 0 is {@code nullptr}. */
    record Ptr(long address) implements KernelArg {}

    static KernelArg i32(int v) {
        return new I32(v);
    }

    static KernelArg i64(long v) {
        return new I64(v);
    }

    static KernelArg f32(float v) {
        return new F32(v);
    }

    static KernelArg ptr(long address) {
        return new Ptr(address);
    }

    /** The null pointer, for optional outputs such as a skipped gradient. */
    static KernelArg nullPtr() {
        return new Ptr(0L);
    }
}
