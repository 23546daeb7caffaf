// philox_host_check.cu: runs the integer half of kernels/philox.cuh on the host, so the test suite
// can compare it with rng/Philox.java without a GPU (KernelSourceTest#philoxHeaderMatchesJava).
// Not a kernel: native-build.sh compiles only kernels/*.cu.
//
// stdin, one query per line:  seed stream counter offset index lo hi   (u64 u64 u64 u64 u64 i32 i32)
// stdout, one answer per line: w0 w1 w2 w3 uniform(w0) open_zero_uniform(w1) to_int(w2, lo, hi)
//   words as unsigned decimals, floats as their raw IEEE bits (unsigned decimal).
#include <cstdio>
#include <cstring>
#include "../philox.cuh"

static unsigned float_bits(float f) {
    unsigned u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

int main() {
    unsigned long long seed, stream, counter, offset, index;
    int lo, hi;
    while (std::scanf("%llu %llu %llu %llu %llu %d %d", &seed, &stream, &counter, &offset, &index, &lo, &hi) == 7) {
        const mbrl::PhiloxDeviceKey key{seed, stream, counter};
        const uint4 b = mbrl::philox_block_at(key, offset, index);
        std::printf("%u %u %u %u %u %u %d\n", b.x, b.y, b.z, b.w, float_bits(mbrl::to_uniform(b.x)),
                    float_bits(mbrl::to_uniform_open_zero(b.y)), mbrl::to_int(b.z, lo, hi));
    }
    return 0;
}
