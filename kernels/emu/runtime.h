// runtime.h: the emulator's execution model, shared by the shim (device code) and runtime.cpp.
//
// A launch runs its grid one block at a time on the calling OS thread. Each thread of a block is a
// fiber with its own stack; a fiber runs until it waits at a barrier (__syncthreads, a warp
// collective) or returns, then the block's scheduler resumes the next runnable fiber. So the kernel
// code sees CUDA's memory model at its strictest: between two barriers, threads of a block run one
// after another in thread order, never interleaved, and a missing barrier shows up as a thread
// reading what the others have not written yet.
#pragma once
#include <stddef.h>
#include <stdint.h>

struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x, y, z;
};

namespace emu {

constexpr int WARP = 32;
/** Words a lane may put into one warp exchange: mma.sync's a[4], b[2], c[4]. */
constexpr int EXCHANGE_WORDS = 10;

/** The view a fiber's device code has of itself. */
struct ThreadCtx {
    uint3 thread_idx;
    uint3 block_idx;
    dim3 block_dim;
    dim3 grid_dim;
};

/** The thread whose fiber is running (set before every switch to it). */
ThreadCtx* current();
/** Largest dynamic shared memory a launch may ask for: sm_90's opt-in limit, 227 KiB. */
constexpr unsigned MAX_DYNAMIC_SHARED = 227u << 10;

void sync_block();
/** Writes {@code words} into this lane's exchange slot, waits for the warp, returns the warp's slots. */
const uint32_t (*warp_exchange(const uint32_t* words, int n))[EXCHANGE_WORDS];
void sync_warp(unsigned mask);
/** This thread's lane (linear thread index % 32) and the lanes present in its warp (32 but in a partial last warp). */
int lane_id();
int warp_size();

void cp_async(void* smem, const void* gmem, int size, int src_bytes);
void cp_async_commit();
void cp_async_wait(int pending);
uint32_t cvt_rna_tf32(float x);
void mma_m16n8k8_tf32(float* d, const uint32_t* a, const uint32_t* b, const float* c);

/** Ends the launch with an error naming the rule the kernel broke (never returns). */
[[noreturn]] void fail(const char* what);

// ---- the kernel registry (filled by the generated registration units) ------------------------
using Trampoline = void (*)(void* fn, void* const* params);
struct Entry {
    const char* name;
    void* fn;
    Trampoline call;
    int nargs;
    const unsigned char* arg_sizes;
};
int register_entry(const Entry& e);

} // namespace emu
