// registry.h: typed trampolines for the kernels' extern "C" entry points, included by the generated
// registration units (build.sh writes one per kernels/*.cu). register_kernel("name", &name) deduces
// the signature, so a trampoline unpacks cuLaunchKernel-style params (one pointer per argument)
// into exactly the kernel's parameter types, and records each parameter's size for the launch check.
#pragma once
#include <string.h>

#include <type_traits>
#include <utility>

#include "runtime.h"

namespace emu {

template <typename... Args>
struct Signature {
    static constexpr unsigned char sizes[sizeof...(Args) + 1] = {(unsigned char) sizeof(Args)..., 0};

    template <size_t... I>
    static void invoke(void* fn, void* const* params, std::index_sequence<I...>) {
        reinterpret_cast<void (*)(Args...)>(fn)(load<std::remove_cv_t<Args>>(params[I])...);
    }

    static void call(void* fn, void* const* params) { invoke(fn, params, std::index_sequence_for<Args...>{}); }

    template <typename T>
    static T load(const void* p) {
        static_assert(std::is_trivially_copyable_v<T>, "kernel arguments are copied by value");
        T v;
        memcpy(&v, p, sizeof(T));
        return v;
    }
};

template <typename... Args>
int register_kernel(const char* name, void (*fn)(Args...)) {
    return register_entry(Entry{name, reinterpret_cast<void*>(fn), &Signature<Args...>::call, (int) sizeof...(Args),
                                Signature<Args...>::sizes});
}

} // namespace emu
