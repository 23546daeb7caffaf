// philox.cuh: Philox4x32-10 exactly as rng/Philox.java and rng/PhiloxKey.java define it.
//
// A draw of n values addressed by a PhiloxKey (seed, stream, counter) reads element i from lane
// i % 4 of block i / 4; block j uses the 128-bit counter (counter + j, stream), low word first,
// and the 64-bit key = seed (low word k0, high word k1). Ten rounds; the key is bumped by the
// Weyl constants before every round but the first.
//
// Device-resident keys (CUDA-graph safe): kernels never take the counter by value. They take a
// pointer to a PhiloxDeviceKey in device memory plus a block offset fixed at capture time; the
// run's first block is key->counter + offset. A captured step ends with philox_key_advance
// (random.cu), so each replay draws fresh numbers without re-capturing. The Java launcher's
// PhiloxKey(seed, stream, counter) corresponds to {seed, stream, base} with offset = counter - base.
#pragma once
#include <stdint.h>
#include "math.cuh"

/** Host and device: the integer part of Philox also compiles for the host check (kernels/host/). */
#define MBRL_HD __host__ __device__ __forceinline__

namespace mbrl {

/** Device image of rng/PhiloxKey: three little-endian u64, 24 bytes, 8-byte aligned. */
struct PhiloxDeviceKey {
    unsigned long long seed;    // byte 0
    unsigned long long stream;  // byte 8
    unsigned long long counter; // byte 16: first block of the current step
};
static_assert(sizeof(PhiloxDeviceKey) == 24, "PhiloxDeviceKey is 3 x u64; the Java side writes it so");

/** Philox multipliers (Salmon et al. 2011, Philox4x32). */
constexpr uint32_t PHILOX_M0 = 0xD2511F53u;
constexpr uint32_t PHILOX_M1 = 0xCD9E8D57u;
/** Weyl key increments: golden ratio and sqrt(3) - 1 as 32-bit fractions. */
constexpr uint32_t PHILOX_W0 = 0x9E3779B9u;
constexpr uint32_t PHILOX_W1 = 0xBB67AE85u;
constexpr int PHILOX_ROUNDS = 10;
/** 2^-24: a 24-bit integer times this is a float in [0, 1) without rounding. */
constexpr float TWO_POW_MINUS_24 = 5.9604644775390625e-8f;
/** Values per Philox block. */
constexpr int PHILOX_LANES = 4;

/** High and low words of a 32×32-bit product (mul.hi / mul.lo on device). */
MBRL_HD uint32_t mulhi32(uint32_t a, uint32_t b) { return (uint32_t) (((uint64_t) a * b) >> 32); }

/** Philox.block(c0..c3, k0, k1). */
MBRL_HD uint4 philox_block(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                                              uint32_t k1) {
#pragma unroll
    for (int r = 0; r < PHILOX_ROUNDS; ++r) {
        if (r > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        const uint32_t hi0 = mulhi32(PHILOX_M0, c0);
        const uint32_t lo0 = PHILOX_M0 * c0;
        const uint32_t hi1 = mulhi32(PHILOX_M1, c2);
        const uint32_t lo1 = PHILOX_M1 * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    return make_uint4(c0, c1, c2, c3);
}

/** Philox.block(key, index): counter (key.counter + offset + index, key.stream), key = seed. */
MBRL_HD uint4 philox_block_at(const PhiloxDeviceKey& key, unsigned long long offset,
                                                 unsigned long long index) {
    const unsigned long long c = key.counter + offset + index;
    return philox_block((uint32_t) c, (uint32_t) (c >> 32), (uint32_t) key.stream, (uint32_t) (key.stream >> 32),
                        (uint32_t) key.seed, (uint32_t) (key.seed >> 32));
}

/** Reads the device key once (all its fields) into registers. */
__device__ __forceinline__ PhiloxDeviceKey load_key(const PhiloxDeviceKey* key) {
    PhiloxDeviceKey k;
    k.seed = __ldg(&key->seed);
    k.stream = __ldg(&key->stream);
    k.counter = __ldg(&key->counter);
    return k;
}

MBRL_HD uint32_t lane_of(const uint4& b, int lane) {
    return lane == 0 ? b.x : lane == 1 ? b.y : lane == 2 ? b.z : b.w;
}

/** Element i of a draw: lane i % 4 of block i / 4. */
MBRL_HD uint32_t philox_bits(const PhiloxDeviceKey& key, unsigned long long offset,
                                                unsigned long long i) {
    return lane_of(philox_block_at(key, offset, i / PHILOX_LANES), (int) (i % PHILOX_LANES));
}

/** Philox.toUniform: (bits >>> 8) · 2^-24 in [0, 1), exact. */
MBRL_HD float to_uniform(uint32_t bits) { return (float) (bits >> 8) * TWO_POW_MINUS_24; }

/** Philox.toUniformOpenZero: ((bits >>> 8) + 1) · 2^-24 in (0, 1], exact. */
MBRL_HD float to_uniform_open_zero(uint32_t bits) {
    return (float) ((bits >> 8) + 1u) * TWO_POW_MINUS_24;
}

/**
 * Philox.normalLane: Box-Muller on lane pair (lane & ~1); even lanes take r cos θ, odd lanes r sin θ,
 * r = sqrt(-2 ln u), u in (0, 1], θ = 2π v. The double/float boundaries follow the Java line for
 * line: (float) log, float product, (float) sqrt, float θ, (float) cos/sin, float product.
 */
__device__ __forceinline__ float normal_lane(const uint4& b, int lane) {
    const int pair = lane & ~1;
    const float u = to_uniform_open_zero(lane_of(b, pair));
    const float v = to_uniform(lane_of(b, pair + 1));
    const float lg = (float) log((double) u);
    const float r = (float) sqrt((double) __fmul_rn(-2.0f, lg));
    const float theta = __fmul_rn(TWO_PI_F, v);
    const float trig = (lane & 1) == 0 ? (float) cos((double) theta) : (float) sin((double) theta);
    return __fmul_rn(r, trig);
}

/** Philox.toInt: lo + floor(bits · (hi - lo) / 2^32), range up to 2^32. */
MBRL_HD int to_int(uint32_t bits, int lo, int hi) {
    const unsigned long long range = (unsigned long long) ((long long) hi - (long long) lo);
    return (int) ((long long) lo + (long long) (((unsigned long long) bits * range) >> 32));
}

/** The dropout keep decision of element i: u_i >= p (RandomOps.dropoutForward). */
MBRL_HD bool dropout_keep(const PhiloxDeviceKey& key, unsigned long long offset,
                                             unsigned long long i, float p) {
    return to_uniform(philox_bits(key, offset, i)) >= p;
}

} // namespace mbrl
