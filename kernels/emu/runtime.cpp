// runtime.cpp: fibers, barriers, warp exchanges, the emulated PTX instructions, the kernel registry
// and the C API the Java side calls through FFM (EmulatorLibrary.java). See README.md.
#include "runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#if !defined(__x86_64__)
#error "kernels/emu: the fiber switch is written for x86-64 (System V); port emu_switch for this target"
#endif

namespace emu {
namespace {

// ---- the fiber switch ---------------------------------------------------------------------------
// emu_switch(save, load): pushes the System V callee-saved registers (rbp, rbx, r12-r15) on the
// current stack, stores rsp in *save, loads rsp = load and pops the same frame there. Caller-saved
// registers need no saving: emu_switch is an ordinary call. The MXCSR and x87 control words are
// callee-saved too, but nothing on either side changes them (kernels do not touch rounding modes),
// so they are left alone: saving them cost a third of a switch. A new fiber's stack holds such a
// frame whose return address is emu_fiber_start (r12 = the fiber).
extern "C" void emu_switch(void** save, void* load);
extern "C" void emu_fiber_start();
asm(R"(
    .text
    .p2align 4
    .hidden emu_switch
    .type emu_switch, @function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_switch, .-emu_switch

    .p2align 4
    .hidden emu_fiber_start
    .type emu_fiber_start, @function
emu_fiber_start:
    movq %r12, %rdi
    call emu_fiber_main
    ud2
    .size emu_fiber_start, .-emu_fiber_start
)");

/** Bytes of stack per fiber (lazily committed by mmap); the lowest page is a guard. */
constexpr size_t STACK_BYTES = 128u << 10;
constexpr size_t PAGE = 4096;

enum class State { RUNNABLE, AT_BLOCK_BARRIER, AT_WARP_BARRIER, DONE };

struct PendingCopy {
    char* dst;
    const char* src;
    int size;
    int src_bytes;
};

struct Fiber {
    ThreadCtx ctx;
    void* sp = nullptr;
    char* stack = nullptr;  // lowest address of the mapping (guard page first)
    State state = State::DONE;
    int linear = 0;
    int warp = 0;
    int lane = 0;
    unsigned warp_seq = 0;  // warp exchanges entered: selects the double buffer
    std::vector<PendingCopy> copies;
    std::vector<size_t> group_ends;  // copies.size() at each commit_group, oldest first
};

struct Warp {
    int size = 0;     // lanes present
    int live = 0;     // lanes not yet returned
    int arrived = 0;  // lanes waiting at the warp barrier
    // Two buffers: a lane writes buffer (seq & 1) and the next exchange uses the other one, so a
    // fast lane cannot overwrite values a slower lane of the previous exchange has yet to read.
    uint32_t slots[2][WARP][EXCHANGE_WORDS];
};

struct Launch {
    const Entry* entry = nullptr;
    void* const* params = nullptr;
};

/** Everything a launch needs to run blocks: fibers (reused across launches), warps, barrier state. */
struct Runner {
    std::vector<Fiber*> fibers;
    std::vector<Warp> warps;
    int threads = 0;
    int live = 0;
    int arrived = 0;  // fibers waiting at __syncthreads
    void* scheduler_sp = nullptr;
    Fiber* running = nullptr;
    Launch launch;
    std::string error;
    bool failed = false;
};

// One runner for the process: emu_launch holds launch_mutex, so launches from several Java threads
// run one after another (a plain global, not thread_local: reading it costs no __tls_get_addr call,
// and device code reads it on every threadIdx).
Runner* the_runner = new Runner();
std::mutex launch_mutex;

Runner& runner() { return *the_runner; }

Fiber& self() { return *the_runner->running; }

/**
 * The running fiber has stopped (it waits at a barrier, returned, or failed the launch): switch
 * straight to the next runnable fiber in thread order after it, wrapping around, so a barrier costs
 * one switch per thread; back to the scheduler only when none is runnable (the block is done or
 * deadlocked) or the launch failed.
 */
void switch_away() {
    Runner& r = *the_runner;
    Fiber* from = r.running;
    if (!r.failed) {
        for (int k = 1; k < r.threads; ++k) {
            int j = from->linear + k;
            if (j >= r.threads) j -= r.threads;
            Fiber* to = r.fibers[j];
            if (to->state == State::RUNNABLE) {
                r.running = to;
                emu_switch(&from->sp, to->sp);
                return;
            }
        }
    }
    emu_switch(&from->sp, r.scheduler_sp);
}

void perform(const PendingCopy& c) {
    if (c.src_bytes > 0) memcpy(c.dst, c.src, (size_t) c.src_bytes);
    if (c.src_bytes < c.size) memset(c.dst + c.src_bytes, 0, (size_t) (c.size - c.src_bytes));
}

void release_block_barrier(Runner& r) {
    for (int i = 0; i < r.threads; ++i) {
        if (r.fibers[i]->state == State::AT_BLOCK_BARRIER) r.fibers[i]->state = State::RUNNABLE;
    }
    r.arrived = 0;
}

void release_warp_barrier(Runner& r, int w) {
    for (int i = w * WARP; i < w * WARP + r.warps[w].size; ++i) {
        if (r.fibers[i]->state == State::AT_WARP_BARRIER) r.fibers[i]->state = State::RUNNABLE;
    }
    r.warps[w].arrived = 0;
}

void arrive_at_warp_barrier() {
    Runner& r = *the_runner;
    Fiber& f = self();
    Warp& w = r.warps[f.warp];
    if (++w.arrived == w.live) {
        release_warp_barrier(r, f.warp);  // the last lane releases the others and goes on
        return;
    }
    f.state = State::AT_WARP_BARRIER;
    switch_away();
}

void* map_stack() {
    void* p = mmap(nullptr, STACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    mprotect(p, PAGE, PROT_NONE);  // overflow faults instead of corrupting the next stack
    return p;
}

/** Lays out the frame emu_switch pops, returning into emu_fiber_start with r12 = f. */
void prepare_stack(Fiber& f) {
    // Stack colouring: mappings are STACK_BYTES apart, so equal offsets in them share cache sets;
    // starting fiber i's stack (i % 512) cache lines lower spreads the hot top-of-stack lines over
    // the sets (without it every switch missed in L1 and L2: 5x slower).
    uintptr_t top = ((uintptr_t) (f.stack + STACK_BYTES - (size_t) (f.linear % 512) * 64)) & ~(uintptr_t) 15;
    uint64_t* sp = (uint64_t*) (top - 16);  // after the ret, rsp = top - 16: 16-aligned before the call in emu_fiber_start, as the ABI wants
    *--sp = (uint64_t) (uintptr_t) &emu_fiber_start;
    *--sp = 0;                           // rbp
    *--sp = 0;                           // rbx
    *--sp = (uint64_t) (uintptr_t) &f;   // r12
    *--sp = 0;                           // r13
    *--sp = 0;                           // r14
    *--sp = 0;                           // r15
    f.sp = sp;
}

bool ensure_fibers(Runner& r, int n) {
    while ((int) r.fibers.size() < n) {
        Fiber* f = new Fiber();
        f->stack = (char*) map_stack();
        if (f->stack == nullptr) {
            delete f;
            return false;
        }
        r.fibers.push_back(f);
    }
    return true;
}

std::unordered_map<std::string, Entry>& registry() {
    static std::unordered_map<std::string, Entry> entries;  // built by static initializers at dlopen
    return entries;
}

std::vector<std::string>& registry_errors() {
    static std::vector<std::string> errors;
    return errors;
}

std::vector<const Entry*>& registry_order() {
    static std::vector<const Entry*> order;
    return order;
}

std::string format(const char* fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

const char* state_name(State s) {
    switch (s) {
        case State::RUNNABLE: return "runnable";
        case State::AT_BLOCK_BARRIER: return "__syncthreads";
        case State::AT_WARP_BARRIER: return "a warp collective";
        case State::DONE: return "returned";
    }
    return "?";
}

/** Runs one block to completion; false (with r.error set) when the kernel failed or deadlocked. */
bool run_block(Runner& r, uint3 block_idx, dim3 grid, dim3 block) {
    const int n = r.threads;
    r.live = n;
    r.arrived = 0;
    const int warps = (n + WARP - 1) / WARP;
    for (int w = 0; w < warps; ++w) {
        Warp& wp = r.warps[w];
        wp.size = n - w * WARP < WARP ? n - w * WARP : WARP;
        wp.live = wp.size;
        wp.arrived = 0;
    }
    for (int i = 0; i < n; ++i) {
        Fiber& f = *r.fibers[i];
        f.ctx.thread_idx = uint3{(unsigned) i % block.x, ((unsigned) i / block.x) % block.y, (unsigned) i / (block.x * block.y)};
        f.ctx.block_idx = block_idx;
        f.ctx.block_dim = block;
        f.ctx.grid_dim = grid;
        f.linear = i;
        f.warp = i / WARP;
        f.lane = i % WARP;
        f.warp_seq = 0;
        f.copies.clear();
        f.group_ends.clear();
        f.state = State::RUNNABLE;
        prepare_stack(f);
    }
    // Fibers hand over to each other (switch_away); control comes back here only when none is runnable.
    r.running = r.fibers[0];
    emu_switch(&r.scheduler_sp, r.fibers[0]->sp);
    r.running = nullptr;
    if (r.failed) return false;
    if (r.live > 0) {
        int at_block = 0, at_warp = 0, done = 0, first_block = -1, first_warp = -1;
        for (int i = 0; i < n; ++i) {
            const State s = r.fibers[i]->state;
            if (s == State::AT_BLOCK_BARRIER) at_block++, first_block = first_block < 0 ? i : first_block;
            if (s == State::AT_WARP_BARRIER) at_warp++, first_warp = first_warp < 0 ? i : first_warp;
            if (s == State::DONE) done++;
        }
        r.error = format("deadlock in block (%u,%u,%u): %d threads wait at __syncthreads (first: thread %d), %d at a"
                         " warp collective (first: thread %d), %d returned; a barrier is reached by some threads"
                         " of its block or warp but not all",
                         block_idx.x, block_idx.y, block_idx.z, at_block, first_block, at_warp, first_warp, done);
        return false;
    }
    return true;
}

} // namespace

// ---- what device code calls -------------------------------------------------------------------

ThreadCtx* current() { return &the_runner->running->ctx; }

int lane_id() { return self().lane; }

int warp_size() { return the_runner->warps[self().warp].size; }

void sync_block() {
    Runner& r = *the_runner;
    Fiber& f = self();
    if (++r.arrived == r.live) {
        release_block_barrier(r);
        return;
    }
    f.state = State::AT_BLOCK_BARRIER;
    switch_away();
}

const uint32_t (*warp_exchange(const uint32_t* words, int n))[EXCHANGE_WORDS] {
    Runner& r = *the_runner;
    Fiber& f = self();
    Warp& w = r.warps[f.warp];
    const int buf = (int) (f.warp_seq++ & 1u);
    memcpy(w.slots[buf][f.lane], words, sizeof(uint32_t) * (size_t) n);
    arrive_at_warp_barrier();
    return w.slots[buf];
}

void sync_warp(unsigned mask) {
    if (mask != 0xffffffffu) fail("__syncwarp: only the full mask 0xffffffff is emulated");
    arrive_at_warp_barrier();
}

[[noreturn]] void fail(const char* what) {
    Runner& r = *the_runner;
    Fiber& f = self();
    r.error = format("thread (%u,%u,%u) of block (%u,%u,%u): %s", f.ctx.thread_idx.x, f.ctx.thread_idx.y,
                     f.ctx.thread_idx.z, f.ctx.block_idx.x, f.ctx.block_idx.y, f.ctx.block_idx.z, what);
    r.failed = true;
    f.state = State::DONE;
    switch_away();  // to the scheduler, which sees r.failed and never resumes this fiber
    __builtin_unreachable();
}

// cp.async (PTX ISA "cp.async", "cp.async.commit_group", "cp.async.wait_group"): a copy is only
// recorded when issued and performed when a wait_group covers its group, reading global memory
// then; so a kernel that waits for too few groups reads shared memory that still holds old values.
void cp_async(void* smem, const void* gmem, int size, int src_bytes) {
    if (src_bytes < 0 || src_bytes > size) fail("cp.async: src-size outside [0, cp-size]");
    if (((uintptr_t) smem % (uintptr_t) size) != 0 || (src_bytes > 0 && ((uintptr_t) gmem % (uintptr_t) size) != 0)) {
        fail("cp.async: shared or global address not aligned to cp-size (misaligned address on a GPU)");
    }
    self().copies.push_back(PendingCopy{(char*) smem, (const char*) gmem, size, src_bytes});
}

void cp_async_commit() {
    Fiber& f = self();
    f.group_ends.push_back(f.copies.size());  // an empty group is legal: it completes at once
}

void cp_async_wait(int pending) {
    Fiber& f = self();
    const int groups = (int) f.group_ends.size();
    if (groups <= pending) return;
    const size_t end = f.group_ends[groups - pending - 1];  // groups older than the newest `pending` are waited
    for (size_t i = 0; i < end; ++i) perform(f.copies[i]);
    f.copies.erase(f.copies.begin(), f.copies.begin() + (long) end);
    f.group_ends.erase(f.group_ends.begin(), f.group_ends.begin() + (groups - pending));
    for (size_t& e : f.group_ends) e -= end;
}

// cvt.rna.tf32.f32: keep 10 mantissa bits, round to nearest with ties away from zero (add half an
// ulp of tf32 to the magnitude bits, then truncate); NaN stays NaN, infinities stay.
uint32_t cvt_rna_tf32(float x) {
    uint32_t b;
    memcpy(&b, &x, 4);
    if ((b & 0x7f800000u) == 0x7f800000u) return (b & 0x007fffffu) != 0 ? 0x7fffffffu : b;
    return (b + 0x1000u) & 0xffffe000u;
}

namespace {
float as_float(uint32_t bits) {
    float f;
    memcpy(&f, &bits, 4);
    return f;
}
} // namespace

// mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 d, a, b, c (PTX ISA 9.7.14.5, "Matrix
// Fragments for mma.m16n8k8", .tf32): groupID = lane >> 2, threadID_in_group = lane % 4;
//   A 16x8:  a0 (g, t), a1 (g+8, t), a2 (g, t+4), a3 (g+8, t+4)          (row, col)
//   B 8x8:   b0 (t, g), b1 (t+4, g)                                       (row = k, col = n)
//   C/D 16x8: c0 (g, 2t), c1 (g, 2t+1), c2 (g+8, 2t), c3 (g+8, 2t+1)
// Each lane publishes its fragments (the multiplicands as TF32: the tensor core ignores the low 13
// bits of the register), the warp meets, and each lane gathers the rows g, g+8 of A and the columns
// 2t, 2t+1 of B its outputs need and computes d = c + Σ_k a·b over k = 0..7 in order, in binary32
// (tf32 products are exact in binary32). The tensor core's internal summation order and precision
// are not specified; the parity tolerances of the tf32 GEMMs cover both.
void mma_m16n8k8_tf32(float* d, const uint32_t* a, const uint32_t* b, const float* c) {
    Runner& r = *the_runner;
    Fiber& f = self();
    const Warp& w = r.warps[f.warp];
    if (w.size != WARP || w.live != WARP) fail("mma.sync: all 32 lanes of the warp must execute it");
    constexpr uint32_t TF32 = 0xffffe000u;
    uint32_t words[EXCHANGE_WORDS];
    for (int i = 0; i < 4; ++i) words[i] = a[i] & TF32;
    words[4] = b[0] & TF32;
    words[5] = b[1] & TF32;
    memcpy(words + 6, c, 16);
    const uint32_t(*slots)[EXCHANGE_WORDS] = warp_exchange(words, EXCHANGE_WORDS);
    const int g = f.lane >> 2;
    const int t = f.lane & 3;
    float A[2][8];  // A[h][k]: row g + 8h
    float B[2][8];  // B[j][k]: column 2t + j
    for (int k = 0; k < 8; ++k) {
        const int quad = k & 3;
        const int high = k >> 2;
        A[0][k] = as_float(slots[g * 4 + quad][high * 2]);      // a0 / a2
        A[1][k] = as_float(slots[g * 4 + quad][1 + high * 2]);  // a1 / a3
        B[0][k] = as_float(slots[(2 * t) * 4 + quad][4 + high]);
        B[1][k] = as_float(slots[(2 * t + 1) * 4 + quad][4 + high]);
    }
    for (int q = 0; q < 4; ++q) {
        float acc = as_float(slots[f.lane][6 + q]);
        const float* arow = A[q >> 1];
        const float* bcol = B[q & 1];
        for (int k = 0; k < 8; ++k) acc = acc + arow[k] * bcol[k];
        d[q] = acc;
    }
}

int register_entry(const Entry& e) {
    auto& reg = registry();
    if (!reg.emplace(e.name, e).second) {
        registry_errors().push_back(std::string("kernel '") + e.name + "' is defined twice");
    } else {
        registry_order().push_back(&reg.at(e.name));
    }
    return (int) reg.size();
}

} // namespace emu

// ---- fiber entry ----------------------------------------------------------------------------------
extern "C" __attribute__((visibility("hidden"))) void emu_fiber_main(emu::Fiber* f) {
    using namespace emu;
    Runner& r = *the_runner;
    r.launch.entry->call(r.launch.entry->fn, r.launch.params);
    // A thread may return with copies in flight; they still land (PTX gives no order, only completion).
    for (const PendingCopy& c : f->copies) perform(c);
    f->copies.clear();
    f->state = State::DONE;
    r.live--;
    Warp& w = r.warps[f->warp];
    w.live--;
    if (r.arrived > 0 && r.arrived == r.live) release_block_barrier(r);
    if (w.arrived > 0 && w.arrived == w.live) release_warp_barrier(r, f->warp);
    switch_away();
    __builtin_trap();  // a returned fiber is never resumed
}

// ---- the C API (EmulatorLibrary.java) -------------------------------------------------------------
namespace {
/** CUresult codes the Java side maps to CudaException, as the real driver's. */
constexpr int CUDA_SUCCESS = 0;
constexpr int CUDA_ERROR_INVALID_VALUE = 1;
constexpr int CUDA_ERROR_NOT_FOUND = 500;
constexpr int CUDA_ERROR_LAUNCH_FAILED = 719;

int report(char* err, int errlen, int code, const std::string& msg) {
    if (err != nullptr && errlen > 0) snprintf(err, (size_t) errlen, "%s", msg.c_str());
    return code;
}
} // namespace

#define EMU_API __attribute__((visibility("default")))

extern "C" {

/** Kernels registered, and problems found while registering (duplicate names); see emu_registry_error. */
EMU_API int emu_entry_count() { return (int) emu::registry_order().size(); }

EMU_API const char* emu_entry_name(int i) { return emu::registry_order().at((size_t) i)->name; }

EMU_API int emu_entry_arity(int i) { return emu::registry_order().at((size_t) i)->nargs; }

EMU_API int emu_entry_arg_size(int i, int arg) { return emu::registry_order().at((size_t) i)->arg_sizes[arg]; }

EMU_API const char* emu_registry_error() {
    auto& e = emu::registry_errors();
    return e.empty() ? "" : e.front().c_str();
}

/** posix_memalign(256) filled with 0xFF bytes (NaN floats, -1 ints), as cuMemAlloc returns no zeros. */
EMU_API void* emu_alloc(long long bytes) {
    void* p = nullptr;
    if (bytes <= 0 || posix_memalign(&p, 256, (size_t) bytes) != 0) return nullptr;
    memset(p, 0xFF, (size_t) bytes);
    return p;
}

EMU_API void emu_free(void* p) { free(p); }

/** cvt.rna.tf32.f32 on raw bits, for the Java test of the rounding rule. */
EMU_API uint32_t emu_cvt_rna_tf32(uint32_t bits) {
    float x;
    memcpy(&x, &bits, 4);
    return emu::cvt_rna_tf32(x);
}

EMU_API void emu_fill32(uint32_t* p, long long count, uint32_t value) {
    for (long long i = 0; i < count; ++i) p[i] = value;
}

/**
 * cuLaunchKernel on the host: `params` as cuLaunchKernel's kernelParams (one pointer per argument to
 * its value), `arg_sizes` the byte size Java marshalled for each. Runs the whole grid before
 * returning. Returns a CUresult; on failure `err` holds the reason.
 */
EMU_API int emu_launch(const char* name, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
               unsigned shared_bytes, void* const* params, int nparams, const unsigned char* arg_sizes, char* err,
               int errlen) {
    using namespace emu;
    auto& reg = registry();
    auto it = reg.find(name);
    if (it == reg.end()) {
        return report(err, errlen, CUDA_ERROR_NOT_FOUND,
                      std::string("no kernel named '") + name + "' in the emulator library (kernels/*.cu entry points)");
    }
    const Entry& e = it->second;
    if (nparams != e.nargs) {
        return report(err, errlen, CUDA_ERROR_INVALID_VALUE,
                      format("%s takes %d arguments, the launch passed %d", name, e.nargs, nparams));
    }
    for (int i = 0; i < nparams; ++i) {
        if (arg_sizes[i] != e.arg_sizes[i]) {
            return report(err, errlen, CUDA_ERROR_INVALID_VALUE,
                          format("%s argument %d is %d bytes in the kernel, the launch passed %d bytes", name, i,
                                 e.arg_sizes[i], arg_sizes[i]));
        }
    }
    const unsigned long long threads = (unsigned long long) bx * by * bz;
    if (threads == 0 || threads > 1024 || gx == 0 || gy == 0 || gz == 0) {
        return report(err, errlen, CUDA_ERROR_INVALID_VALUE,
                      format("%s: grid (%u,%u,%u) block (%u,%u,%u) outside the launch limits", name, gx, gy, gz, bx, by, bz));
    }
    if (shared_bytes > MAX_DYNAMIC_SHARED) {
        return report(err, errlen, CUDA_ERROR_INVALID_VALUE,
                      format("%s: %u bytes of dynamic shared memory > the %u-byte limit", name, shared_bytes, MAX_DYNAMIC_SHARED));
    }
    std::lock_guard<std::mutex> serialized(launch_mutex);
    Runner& r = runner();
    if (!ensure_fibers(r, (int) threads)) {
        return report(err, errlen, CUDA_ERROR_LAUNCH_FAILED, "mmap of fiber stacks failed");
    }
    r.warps.resize((threads + WARP - 1) / WARP);
    r.threads = (int) threads;
    r.launch = Launch{&e, params};
    r.failed = false;
    r.error.clear();
    const dim3 grid{gx, gy, gz};
    const dim3 block{bx, by, bz};
    for (unsigned z = 0; z < gz; ++z) {
        for (unsigned y = 0; y < gy; ++y) {
            for (unsigned x = 0; x < gx; ++x) {
                if (!run_block(r, uint3{x, y, z}, grid, block)) {
                    r.failed = false;
                    return report(err, errlen, CUDA_ERROR_LAUNCH_FAILED, std::string(name) + ": " + r.error);
                }
            }
        }
    }
    return CUDA_SUCCESS;
}

} // extern "C"
