// math_constants.h for the host emulator: the CUDART_* constants kernels/*.cu use (CUDA's header of
// the same name defines them as bit patterns; these are the same values).
#pragma once
#include <math.h>

#define CUDART_INF_F __int_as_float(0x7f800000)
#define CUDART_NAN_F __int_as_float(0x7fffffff)
