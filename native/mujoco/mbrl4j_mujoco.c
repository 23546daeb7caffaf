// mbrl4j_mujoco.c: the C shim between mbrl4j (Java, FFM) and MuJoCo 2.2.2 (Debian's libmujoco2.2.2).
//
// Why a shim (ecosystem-facts D.3): MuJoCo reports a fatal error through mju_error, whose default
// handler prints, waits for a key and exit(1)s the process; a handler may not return into MuJoCo (the
// engine state is invalid), and Java cannot longjmp. So every entry point here that calls MuJoCo runs
// under setjmp; the installed mju_user_error handler copies the message and longjmps back, and the
// entry point returns MBRL_MJ_ERR_MUJOCO with the message in the caller's buffer.
//
// The other job is batching: mbrl_mj_step sets the controls, runs n physics steps the way dm_control's
// Physics.step does, and writes the values the task reads (its "readouts", registered once by name)
// into the caller's buffer: one downcall per agent step.
//
// Built by native-build.sh: gcc -O2 -shared -fPIC ... -lmujoco -> kernels/build/mujoco/libmbrl4j_mujoco.so
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mujoco/mujoco.h>

#define EXPORT __attribute__((visibility("default")))

// Return codes (MujocoLibrary.java mirrors them).
#define MBRL_MJ_OK 0
#define MBRL_MJ_ERR_MUJOCO 1    // mju_error was called (message from MuJoCo)
#define MBRL_MJ_ERR_ARG 2       // a bad argument: unknown name, component out of range, ...
#define MBRL_MJ_ERR_UNSTABLE 3  // the physics state became invalid (bad qpos/qvel/qacc warning)
#define MBRL_MJ_ERR_LOAD 4      // the model did not compile (message from mj_loadXML)

// Readout / field kinds (MujocoField.java mirrors them).
enum {
    K_QPOS = 0,        // joint's qpos[jnt_qposadr + c]
    K_QVEL = 1,        // joint's qvel[jnt_dofadr + c]
    K_XPOS = 2,        // body's xpos[3*b + c]
    K_XMAT = 3,        // body's xmat[9*b + c], row-major: c = 3*row + col
    K_XIPOS = 4,       // body's xipos[3*b + c] (centre of mass)
    K_GEOM_XPOS = 5,   // geom's geom_xpos[3*g + c]
    K_SITE_XPOS = 6,   // site's site_xpos[3*s + c]
    K_SENSOR = 7,      // sensor's sensordata[sensor_adr + c]
    K_SUBTREE_COM = 8, // body's subtree_com[3*b + c]
    K_CTRL = 9,        // actuator's ctrl
    K_TIME = 10,       // data time (no name)
    K_GEOM_POS = 11,   // model geom_pos[3*g + c] (settable: e.g. a target)
    K_GEOM_SIZE = 12,  // model geom_size[3*g + c]
    K_DOF_DAMPING = 13, // model dof_damping of the joint's dof c
    K_SITE_SIZE = 14,  // model site_size[3*s + c]
    K_COUNT = 15
};

#define MAX_READOUTS 256
#define MSG_BYTES 1024

typedef struct {
    mjModel* m;
    mjData* d;
    int nread;
    mjtNum* read_ptr[MAX_READOUTS];  // stable for the life of d (D.2: mj_resetData does not reallocate)
    char warning[MSG_BYTES];         // the last MuJoCo warning seen during a call on this handle
} mbrl_mj;

static __thread jmp_buf* tls_jmp = NULL;
static __thread char tls_error[MSG_BYTES];
static __thread char tls_warning[MSG_BYTES];

static void copy_msg(char* dst, int cap, const char* src) {
    if (dst == NULL || cap <= 0) return;
    snprintf(dst, (size_t)cap, "%s", src ? src : "");
}

static void on_error(const char* msg) {
    copy_msg(tls_error, MSG_BYTES, msg);
    if (tls_jmp != NULL) {
        longjmp(*tls_jmp, 1);
    }
    // Only reachable through a MuJoCo call outside the guarded entry points below (a shim bug):
    // fail loudly instead of letting MuJoCo wait on stdin and exit.
    fprintf(stderr, "mbrl4j_mujoco: unguarded MuJoCo error: %s\n", msg);
    abort();
}

static void on_warning(const char* msg) {
    copy_msg(tls_warning, MSG_BYTES, msg);
}

__attribute__((constructor)) static void install_handlers(void) {
    mju_user_error = on_error;
    mju_user_warning = on_warning;
}

// Runs `body` under setjmp: a MuJoCo error runs `cleanup` (frees what the entry point allocated) and
// returns MBRL_MJ_ERR_MUJOCO with its message in err.
#define GUARDED_OR(err, errsz, cleanup, body)                                    \
    do {                                                                         \
        jmp_buf jb_;                                                             \
        jmp_buf* volatile prev_ = tls_jmp;                                       \
        tls_error[0] = '\0';                                                     \
        if (setjmp(jb_) != 0) {                                                  \
            tls_jmp = prev_;                                                     \
            copy_msg(err, errsz, tls_error);                                     \
            cleanup;                                                             \
            return MBRL_MJ_ERR_MUJOCO;                                           \
        }                                                                        \
        tls_jmp = &jb_;                                                          \
        body;                                                                    \
        tls_jmp = prev_;                                                         \
    } while (0)

#define GUARDED(err, errsz, body) GUARDED_OR(err, errsz, (void)0, body)

EXPORT int mbrl_mj_version(void) {
    return mj_version();
}

EXPORT int mbrl_mj_header_version(void) {
    return mjVERSION_HEADER;
}

// Compiles an MJCF string (through a one-file VFS) and makes its data. *out receives the handle, or NULL.
EXPORT int mbrl_mj_load(const char* xml, mbrl_mj** out, char* err, int errsz) {
    *out = NULL;
    mjVFS* vfs = (mjVFS*)calloc(1, sizeof(mjVFS));
    if (vfs == NULL) {
        copy_msg(err, errsz, "out of memory for the model's VFS");
        return MBRL_MJ_ERR_ARG;
    }
    mbrl_mj* volatile h = (mbrl_mj*)calloc(1, sizeof(mbrl_mj));
    if (h == NULL) {
        free(vfs);
        copy_msg(err, errsz, "out of memory for the handle");
        return MBRL_MJ_ERR_ARG;
    }
    int len = (int)strlen(xml);
    char load_err[MSG_BYTES] = "";
    jmp_buf jb;
    jmp_buf* volatile prev = tls_jmp;
    if (setjmp(jb) != 0) {
        tls_jmp = prev;
        copy_msg(err, errsz, tls_error);
        if (h->d) mj_deleteData(h->d);
        if (h->m) mj_deleteModel(h->m);
        free(h);
        mj_deleteVFS(vfs);
        free(vfs);
        return MBRL_MJ_ERR_MUJOCO;
    }
    tls_jmp = &jb;
    tls_error[0] = '\0';
    mj_defaultVFS(vfs);
    mj_makeEmptyFileVFS(vfs, "model.xml", len);
    int idx = mj_findFileVFS(vfs, "model.xml");
    memcpy(vfs->filedata[idx], xml, (size_t)len);
    h->m = mj_loadXML("model.xml", vfs, load_err, MSG_BYTES);
    if (h->m != NULL) {
        h->d = mj_makeData(h->m);
    }
    tls_jmp = prev;
    mj_deleteVFS(vfs);
    free(vfs);
    if (h->m == NULL) {
        copy_msg(err, errsz, load_err[0] ? load_err : "mj_loadXML returned NULL without a message");
        free(h);
        return MBRL_MJ_ERR_LOAD;
    }
    if (h->d == NULL) {
        mj_deleteModel(h->m);
        free(h);
        copy_msg(err, errsz, "mj_makeData returned NULL");
        return MBRL_MJ_ERR_MUJOCO;
    }
    *out = h;
    return MBRL_MJ_OK;
}

EXPORT void mbrl_mj_free(mbrl_mj* h) {
    if (h == NULL) return;
    mj_deleteData(h->d);
    mj_deleteModel(h->m);
    free(h);
}

// Sizes: out[0..9] = nq, nv, nu, nbody, njnt, ngeom, nsite, nsensordata, integrator (mjtIntegrator), nreadouts.
EXPORT void mbrl_mj_sizes(const mbrl_mj* h, int* out) {
    const mjModel* m = h->m;
    out[0] = m->nq;
    out[1] = m->nv;
    out[2] = m->nu;
    out[3] = m->nbody;
    out[4] = m->njnt;
    out[5] = m->ngeom;
    out[6] = m->nsite;
    out[7] = m->nsensordata;
    out[8] = m->opt.integrator;
    out[9] = h->nread;
}

// Number of contacts found by the last forward or step.
EXPORT int mbrl_mj_ncon(const mbrl_mj* h) {
    return h->d->ncon;
}

EXPORT double mbrl_mj_timestep(const mbrl_mj* h) {
    return h->m->opt.timestep;
}

// Joint j: ints[0..3] = type (mjtJoint), qposadr, dofadr, limited; range[0..1] = lo, hi (radians or metres).
// Returns its name (owned by the model) or NULL when j is out of range.
EXPORT const char* mbrl_mj_joint(const mbrl_mj* h, int j, int* ints, double* range) {
    const mjModel* m = h->m;
    if (j < 0 || j >= m->njnt) return NULL;
    ints[0] = m->jnt_type[j];
    ints[1] = m->jnt_qposadr[j];
    ints[2] = m->jnt_dofadr[j];
    ints[3] = m->jnt_limited[j];
    range[0] = m->jnt_range[2 * j];
    range[1] = m->jnt_range[2 * j + 1];
    const char* name = mj_id2name(m, mjOBJ_JOINT, j);
    return name ? name : "";
}

// The address of field `kind` of object `name`, component c; NULL with a message in err when unknown.
static mjtNum* field(mbrl_mj* h, int kind, const char* name, int c, char* err, int errsz) {
    const mjModel* m = h->m;
    mjData* d = h->d;
    int type, width;
    switch (kind) {
        case K_QPOS: case K_QVEL: case K_DOF_DAMPING: type = mjOBJ_JOINT; break;
        case K_XPOS: case K_XMAT: case K_XIPOS: case K_SUBTREE_COM: type = mjOBJ_BODY; break;
        case K_GEOM_XPOS: case K_GEOM_POS: case K_GEOM_SIZE: type = mjOBJ_GEOM; break;
        case K_SITE_XPOS: case K_SITE_SIZE: type = mjOBJ_SITE; break;
        case K_SENSOR: type = mjOBJ_SENSOR; break;
        case K_CTRL: type = mjOBJ_ACTUATOR; break;
        case K_TIME:
            if (c != 0) {
                snprintf(err, (size_t)errsz, "field time has one component, got component %d", c);
                return NULL;
            }
            return &d->time;
        default:
            snprintf(err, (size_t)errsz, "unknown field kind %d (expected 0..%d)", kind, K_COUNT - 1);
            return NULL;
    }
    int id = mj_name2id(m, type, name);
    if (id < 0) {
        snprintf(err, (size_t)errsz, "the model has no %s named '%s'", mju_type2Str(type), name);
        return NULL;
    }
    mjtNum* base;
    switch (kind) {
        case K_QPOS: {
            int t = m->jnt_type[id];
            width = t == mjJNT_FREE ? 7 : t == mjJNT_BALL ? 4 : 1;
            base = d->qpos + m->jnt_qposadr[id];
            break;
        }
        case K_QVEL: case K_DOF_DAMPING: {
            int t = m->jnt_type[id];
            width = t == mjJNT_FREE ? 6 : t == mjJNT_BALL ? 3 : 1;
            base = (kind == K_QVEL ? d->qvel : m->dof_damping) + m->jnt_dofadr[id];
            break;
        }
        case K_XPOS: width = 3; base = d->xpos + 3 * id; break;
        case K_XMAT: width = 9; base = d->xmat + 9 * id; break;
        case K_XIPOS: width = 3; base = d->xipos + 3 * id; break;
        case K_SUBTREE_COM: width = 3; base = d->subtree_com + 3 * id; break;
        case K_GEOM_XPOS: width = 3; base = d->geom_xpos + 3 * id; break;
        case K_GEOM_POS: width = 3; base = m->geom_pos + 3 * id; break;
        case K_GEOM_SIZE: width = 3; base = m->geom_size + 3 * id; break;
        case K_SITE_XPOS: width = 3; base = d->site_xpos + 3 * id; break;
        case K_SITE_SIZE: width = 3; base = m->site_size + 3 * id; break;
        case K_SENSOR: width = m->sensor_dim[id]; base = d->sensordata + m->sensor_adr[id]; break;
        default: width = 1; base = d->ctrl + id; break;  // K_CTRL
    }
    if (c < 0 || c >= width) {
        snprintf(err, (size_t)errsz, "%s '%s' has %d component(s) for field kind %d, got component %d",
                 mju_type2Str(type), name, width, kind, c);
        return NULL;
    }
    return base + c;
}

// Registers a readout; returns its slot (0, 1, ...) or -1 with a message in err.
EXPORT int mbrl_mj_add_readout(mbrl_mj* h, int kind, const char* name, int c, char* err, int errsz) {
    if (h->nread >= MAX_READOUTS) {
        snprintf(err, (size_t)errsz, "at most %d readouts per model", MAX_READOUTS);
        return -1;
    }
    mjtNum* p = field(h, kind, name, c, err, errsz);
    if (p == NULL) return -1;
    h->read_ptr[h->nread] = p;
    return h->nread++;
}

// Reads one field now (for tests and set-up), NaN with a message in err when unknown.
EXPORT int mbrl_mj_get(mbrl_mj* h, int kind, const char* name, int c, double* value, char* err, int errsz) {
    mjtNum* p = field(h, kind, name, c, err, errsz);
    if (p == NULL) return MBRL_MJ_ERR_ARG;
    *value = *p;
    return MBRL_MJ_OK;
}

// Writes one field (qpos, qvel, ctrl, time, geom_pos, geom_size, dof_damping); takes effect at the next forward/step.
EXPORT int mbrl_mj_set(mbrl_mj* h, int kind, const char* name, int c, double value, char* err, int errsz) {
    mjtNum* p = field(h, kind, name, c, err, errsz);
    if (p == NULL) return MBRL_MJ_ERR_ARG;
    *p = value;
    return MBRL_MJ_OK;
}

static void write_readouts(const mbrl_mj* h, double* out) {
    for (int i = 0; i < h->nread; i++) {
        out[i] = *h->read_ptr[i];
    }
}

static int bad_state_count(const mjData* d) {
    return d->warning[mjWARN_BADQPOS].number + d->warning[mjWARN_BADQVEL].number
           + d->warning[mjWARN_BADQACC].number + d->warning[mjWARN_BADCTRL].number;
}

static int check_state(mbrl_mj* h, int before, const char* what, char* err, int errsz) {
    if (bad_state_count(h->d) == before) return MBRL_MJ_OK;
    snprintf(err, (size_t)errsz, "physics state became invalid during %s at time %.6g: %s", what, h->d->time,
             tls_warning[0] ? tls_warning : "a bad qpos/qvel/qacc/ctrl warning");
    return MBRL_MJ_ERR_UNSTABLE;
}

// mj_resetData: the model's default state (qpos0, zero velocities, controls and time).
EXPORT int mbrl_mj_reset(mbrl_mj* h, char* err, int errsz) {
    GUARDED(err, errsz, mj_resetData(h->m, h->d));
    return MBRL_MJ_OK;
}

// mj_forward on the current state, then the readouts into out.
EXPORT int mbrl_mj_forward(mbrl_mj* h, double* out, char* err, int errsz) {
    int before = bad_state_count(h->d);
    tls_warning[0] = '\0';
    GUARDED(err, errsz, mj_forward(h->m, h->d));
    int rc = check_state(h, before, "mj_forward", err, errsz);
    if (rc != MBRL_MJ_OK) return rc;
    write_readouts(h, out);
    return MBRL_MJ_OK;
}

// One agent step: ctrl (nu values) into data, n physics steps as dm_control's Physics.step does them
// (ecosystem-facts D.5: Euler: mj_step2, mj_step x (n-1), mj_step1; other integrators: mj_step x n,
// mj_step1; so positions, velocities and sensors are current when read), then the readouts into out.
EXPORT int mbrl_mj_step(mbrl_mj* h, const double* ctrl, int n, double* out, char* err, int errsz) {
    const mjModel* m = h->m;
    mjData* d = h->d;
    if (n < 1) {
        snprintf(err, (size_t)errsz, "n physics steps must be >= 1, got %d", n);
        return MBRL_MJ_ERR_ARG;
    }
    for (int i = 0; i < m->nu; i++) {
        if (!isfinite(ctrl[i])) {
            snprintf(err, (size_t)errsz, "ctrl[%d] = %g is not finite", i, ctrl[i]);
            return MBRL_MJ_ERR_ARG;
        }
        d->ctrl[i] = ctrl[i];
    }
    int before = bad_state_count(d);
    tls_warning[0] = '\0';
    GUARDED(err, errsz, {
        if (m->opt.integrator == mjINT_EULER) {
            mj_step2(m, d);
            for (int i = 1; i < n; i++) mj_step(m, d);
        } else {
            for (int i = 0; i < n; i++) mj_step(m, d);
        }
        mj_step1(m, d);
    });
    int rc = check_state(h, before, "mj_step", err, errsz);
    if (rc != MBRL_MJ_OK) return rc;
    write_readouts(h, out);
    return MBRL_MJ_OK;
}

// Raises a MuJoCo error through mju_error inside the guard: the test of the error path (ErrorHandlerTest).
EXPORT int mbrl_mj_raise_error(const char* msg, char* err, int errsz) {
    GUARDED(err, errsz, mju_error(msg));
    return MBRL_MJ_OK;
}

// ---- Off-screen rendering (EGL on a GPU, else OSMesa) ---------------------------------------------------
// MuJoCo's own renderer (mjr_*, inside libmujoco) draws into its off-screen framebuffer object of a
// current OpenGL context. Two ways to get a context without a display, both opened with dlopen on first
// use, so the physics above works without either:
// - EGL on the device platform (EGL_EXT_device_enumeration + EGL_EXT_platform_device, as dm_control's
//   EGL renderer does) with a surfaceless current context (no pbuffer: MuJoCo renders into its own FBO);
//   only a GPU device counts (Mesa's software device, EGL_MESA_device_software, does not).
// - OSMesa (Debian's libosmesa6: Mesa's software rasteriser, no GPU or display needed).
// MuJoCo 2.2.2 resolves the GL functions ONCE per process, looking for eglGetProcAddress, then
// OSMesaGetProcAddress, then glXGetProcAddressARB in the global symbol scope (read from its binary).
// So the backend is one per process, and the EGL probe opens libEGL RTLD_LOCAL: its eglGetProcAddress
// becomes global (RTLD_NOLOAD | RTLD_GLOBAL) only once EGL has made a context, else MuJoCo would take
// EGL's loader for an OSMesa context.
#include <dlfcn.h>
#include <stdint.h>

#define MBRL_GL_OSMESA 0
#define MBRL_GL_EGL 1

typedef void* (*osmesa_create_fn)(unsigned format, int depth, int stencil, int accum, void* share);
typedef unsigned char (*osmesa_make_current_fn)(void* ctx, void* buffer, unsigned type, int width, int height);
typedef void (*osmesa_destroy_fn)(void* ctx);

#define OSMESA_RGBA_FORMAT 0x1908u  // GL_RGBA
#define GL_UNSIGNED_BYTE_TYPE 0x1401u

static osmesa_create_fn osmesa_create = NULL;
static osmesa_make_current_fn osmesa_make_current = NULL;
static osmesa_destroy_fn osmesa_destroy = NULL;
static char osmesa_library[64] = "";

// The EGL 1.4 entry points and extension constants used here (values from Khronos' egl.h / eglext.h).
typedef int32_t egl_int;
typedef unsigned egl_bool;
#define EGL_NONE_ 0x3038
#define EGL_EXTENSIONS_ 0x3055
#define EGL_VENDOR_ 0x3053
#define EGL_RED_SIZE_ 0x3024
#define EGL_GREEN_SIZE_ 0x3023
#define EGL_BLUE_SIZE_ 0x3022
#define EGL_ALPHA_SIZE_ 0x3021
#define EGL_DEPTH_SIZE_ 0x3025
#define EGL_STENCIL_SIZE_ 0x3026
#define EGL_SURFACE_TYPE_ 0x3033
#define EGL_PBUFFER_BIT_ 0x0001
#define EGL_RENDERABLE_TYPE_ 0x3040
#define EGL_OPENGL_BIT_ 0x0008
#define EGL_OPENGL_API_ 0x30A2
#define EGL_PLATFORM_DEVICE_EXT_ 0x313F
#define EGL_DRM_DEVICE_FILE_EXT_ 0x3233
#define EGL_MAX_DEVICES 16

static struct {
    void* (*get_proc)(const char*);
    egl_bool (*query_devices)(egl_int, void**, egl_int*);
    const char* (*query_device_string)(void*, egl_int);
    void* (*get_platform_display)(unsigned, void*, const egl_int*);
    egl_bool (*initialize)(void*, egl_int*, egl_int*);
    const char* (*query_string)(void*, egl_int);
    egl_bool (*bind_api)(unsigned);
    egl_bool (*choose_config)(void*, const egl_int*, void**, egl_int, egl_int*);
    void* (*create_context)(void*, void*, void*, const egl_int*);
    egl_bool (*make_current)(void*, void*, void*, void*);
    egl_bool (*destroy_context)(void*, void*);
    egl_int (*get_error)(void);
    void* display;
    void* config;
    int probed;          // 0: not yet; then the probe's return code + 1
    char message[512];   // what the probe found: the device used, or why EGL is not usable
} egl;

static const egl_int EGL_CONFIG_ATTRIBS[] = {
    EGL_RED_SIZE_, 8, EGL_GREEN_SIZE_, 8, EGL_BLUE_SIZE_, 8, EGL_ALPHA_SIZE_, 8, EGL_DEPTH_SIZE_, 24,
    EGL_STENCIL_SIZE_, 8, EGL_SURFACE_TYPE_, EGL_PBUFFER_BIT_, EGL_RENDERABLE_TYPE_, EGL_OPENGL_BIT_, EGL_NONE_};

static int has_word(const char* list, const char* word) {
    size_t n = strlen(word);
    for (const char* p = list; p != NULL && (p = strstr(p, word)) != NULL; p += n) {
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) return 1;
    }
    return 0;
}

// The probe itself (run once): a GPU device on the EGL device platform, initialised, with an OpenGL
// context that can be made current without a surface. On failure egl.message says which step failed.
static int egl_probe_once(void) {
    static const char* names[] = {"libEGL.so.1", "libEGL.so"};
    const char* name = NULL;
    void* lib = NULL;
    for (int i = 0; i < 2 && lib == NULL; i++) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        name = names[i];
    }
    if (lib == NULL) {
        snprintf(egl.message, sizeof egl.message, "libEGL not found (tried libEGL.so.1, libEGL.so)");
        return MBRL_MJ_ERR_ARG;
    }
    egl.get_proc = (void* (*)(const char*))dlsym(lib, "eglGetProcAddress");
    if (egl.get_proc == NULL) {
        snprintf(egl.message, sizeof egl.message, "%s lacks eglGetProcAddress", name);
        return MBRL_MJ_ERR_ARG;
    }
#define EGL_FN(field, symbol)                                                                          \
    egl.field = (__typeof__(egl.field))egl.get_proc(symbol);                                           \
    if (egl.field == NULL) egl.field = (__typeof__(egl.field))dlsym(lib, symbol);                      \
    if (egl.field == NULL) {                                                                           \
        snprintf(egl.message, sizeof egl.message, "%s has no %s (the EGL device platform is missing)", \
                 name, symbol);                                                                        \
        return MBRL_MJ_ERR_ARG;                                                                        \
    }
    EGL_FN(query_devices, "eglQueryDevicesEXT")
    EGL_FN(query_device_string, "eglQueryDeviceStringEXT")
    EGL_FN(get_platform_display, "eglGetPlatformDisplayEXT")
    EGL_FN(initialize, "eglInitialize")
    EGL_FN(query_string, "eglQueryString")
    EGL_FN(bind_api, "eglBindAPI")
    EGL_FN(choose_config, "eglChooseConfig")
    EGL_FN(create_context, "eglCreateContext")
    EGL_FN(make_current, "eglMakeCurrent")
    EGL_FN(destroy_context, "eglDestroyContext")
    EGL_FN(get_error, "eglGetError")
#undef EGL_FN
    void* devices[EGL_MAX_DEVICES];
    egl_int count = 0;
    if (!egl.query_devices(EGL_MAX_DEVICES, devices, &count)) {
        snprintf(egl.message, sizeof egl.message, "eglQueryDevicesEXT failed (EGL error 0x%x)", (unsigned)egl.get_error());
        return MBRL_MJ_ERR_ARG;
    }
    int chosen = -1;
    int software = 0;
    for (int i = 0; i < count && chosen < 0; i++) {
        const char* ext = egl.query_device_string(devices[i], EGL_EXTENSIONS_);
        if (ext != NULL && has_word(ext, "EGL_MESA_device_software")) {
            software++;
        } else {
            chosen = i;
        }
    }
    if (chosen < 0) {
        snprintf(egl.message, sizeof egl.message,
                 "no GPU among the %d EGL device(s) of %s (%d software device(s), EGL_MESA_device_software)", count,
                 name, software);
        return MBRL_MJ_ERR_ARG;
    }
    const char* ext = egl.query_device_string(devices[chosen], EGL_EXTENSIONS_);
    const char* file = ext != NULL && has_word(ext, "EGL_EXT_device_drm")
                           ? egl.query_device_string(devices[chosen], EGL_DRM_DEVICE_FILE_EXT_)
                           : NULL;
    egl.display = egl.get_platform_display(EGL_PLATFORM_DEVICE_EXT_, devices[chosen], NULL);
    egl_int major = 0, minor = 0;
    if (egl.display == NULL || !egl.initialize(egl.display, &major, &minor)) {
        snprintf(egl.message, sizeof egl.message, "EGL device %d of %d: no display or eglInitialize failed (EGL error 0x%x)",
                 chosen, count, (unsigned)egl.get_error());
        return MBRL_MJ_ERR_ARG;
    }
    const char* dext = egl.query_string(egl.display, EGL_EXTENSIONS_);
    if (dext == NULL || !has_word(dext, "EGL_KHR_surfaceless_context")) {
        snprintf(egl.message, sizeof egl.message, "EGL device %d lacks EGL_KHR_surfaceless_context", chosen);
        return MBRL_MJ_ERR_ARG;
    }
    egl_int configs = 0;
    if (!egl.bind_api(EGL_OPENGL_API_)
        || !egl.choose_config(egl.display, EGL_CONFIG_ATTRIBS, &egl.config, 1, &configs) || configs < 1) {
        snprintf(egl.message, sizeof egl.message, "EGL device %d: no desktop OpenGL RGBA8/depth24/stencil8 config (EGL error 0x%x)",
                 chosen, (unsigned)egl.get_error());
        return MBRL_MJ_ERR_ARG;
    }
    void* ctx = egl.create_context(egl.display, egl.config, NULL, NULL);
    if (ctx == NULL || !egl.make_current(egl.display, NULL, NULL, ctx)) {
        snprintf(egl.message, sizeof egl.message, "EGL device %d: no surfaceless OpenGL context (EGL error 0x%x)", chosen,
                 (unsigned)egl.get_error());
        if (ctx != NULL) egl.destroy_context(egl.display, ctx);
        return MBRL_MJ_ERR_ARG;
    }
    egl.make_current(egl.display, NULL, NULL, NULL);
    egl.destroy_context(egl.display, ctx);
    // now MuJoCo may find eglGetProcAddress in the global scope
    if (dlopen(name, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) == NULL) {
        snprintf(egl.message, sizeof egl.message, "could not make %s global: %s", name, dlerror());
        return MBRL_MJ_ERR_ARG;
    }
    const char* vendor = egl.query_string(egl.display, EGL_VENDOR_);
    snprintf(egl.message, sizeof egl.message, "%s, device %d of %d%s%s, EGL %d.%d, vendor %s", name, chosen, count,
             file ? " " : "", file ? file : "", major, minor, vendor ? vendor : "?");
    return MBRL_MJ_OK;
}

// Whether EGL can render on a GPU here; msg receives the device used, or why not. Probes once per
// process (later calls repeat the first answer); no MuJoCo call, so no guard.
EXPORT int mbrl_gl_probe_egl(char* msg, int msgsz) {
    if (egl.probed == 0) {
        egl.probed = egl_probe_once() + 1;
    }
    copy_msg(msg, msgsz, egl.message);
    return egl.probed - 1;
}

typedef struct {
    int backend;            // MBRL_GL_OSMESA or MBRL_GL_EGL
    void* ctx;              // the OSMesa or EGL context
    unsigned char* buffer;  // the OSMesa colour buffer (RGBA); NULL with EGL
    int width, height;
    mjvScene scene;
    mjvCamera camera;
    mjvOption option;
    mjrContext context;
} mbrl_mjr;

static int load_osmesa(char* err, int errsz) {
    if (osmesa_create != NULL) return MBRL_MJ_OK;
    static const char* names[] = {"libOSMesa.so.8", "libOSMesa.so.6", "libOSMesa.so"};
    void* lib = NULL;
    for (int i = 0; i < 3 && lib == NULL; i++) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
        if (lib != NULL) snprintf(osmesa_library, sizeof osmesa_library, "%s", names[i]);
    }
    if (lib == NULL) {
        snprintf(err, (size_t)errsz, "libOSMesa not found (tried libOSMesa.so.8, .so.6, .so): apt-get install -y libosmesa6");
        return MBRL_MJ_ERR_ARG;
    }
    osmesa_create = (osmesa_create_fn)dlsym(lib, "OSMesaCreateContextExt");
    osmesa_make_current = (osmesa_make_current_fn)dlsym(lib, "OSMesaMakeCurrent");
    osmesa_destroy = (osmesa_destroy_fn)dlsym(lib, "OSMesaDestroyContext");
    if (!osmesa_create || !osmesa_make_current || !osmesa_destroy) {
        osmesa_create = NULL;
        snprintf(err, (size_t)errsz, "%s lacks OSMesaCreateContextExt/OSMesaMakeCurrent/OSMesaDestroyContext", osmesa_library);
        return MBRL_MJ_ERR_ARG;
    }
    return MBRL_MJ_OK;
}

// The name of the OSMesa library loaded, or "" before the first OSMesa renderer.
EXPORT const char* mbrl_mjr_library(void) {
    return osmesa_library;
}

static int make_current(mbrl_mjr* r) {
    if (r->backend == MBRL_GL_EGL) return egl.make_current(egl.display, NULL, NULL, r->ctx) != 0;
    return osmesa_make_current(r->ctx, r->buffer, GL_UNSIGNED_BYTE_TYPE, r->width, r->height) != 0;
}

static void destroy_context(mbrl_mjr* r) {
    if (r->ctx == NULL) return;
    if (r->backend == MBRL_GL_EGL) {
        egl.make_current(egl.display, NULL, NULL, NULL);
        egl.destroy_context(egl.display, r->ctx);
    } else {
        osmesa_destroy(r->ctx);
    }
}

// Frees a renderer and everything it holds; safe on one whose scene or context was only partly made
// (mjv_defaultScene/mjr_defaultContext zero them first, and MuJoCo's free functions skip what is unset).
static void free_renderer(mbrl_mjr* r) {
    if (r == NULL) return;
    if (r->ctx != NULL) make_current(r);
    mjr_freeContext(&r->context);
    mjv_freeScene(&r->scene);
    destroy_context(r);
    free(r->buffer);
    free(r);
}

// A renderer of h's model at width x height on `backend` (MBRL_GL_EGL needs a successful
// mbrl_gl_probe_egl first): a context, a scene and MuJoCo's render context.
EXPORT int mbrl_mjr_create(mbrl_mj* h, int backend, int width, int height, mbrl_mjr** out, char* err, int errsz) {
    *out = NULL;
    if (width < 1 || height < 1 || width > 4096 || height > 4096) {
        snprintf(err, (size_t)errsz, "frame size must be 1..4096 per side, got %dx%d", width, height);
        return MBRL_MJ_ERR_ARG;
    }
    if (backend != MBRL_GL_OSMESA && backend != MBRL_GL_EGL) {
        snprintf(err, (size_t)errsz, "backend must be %d (OSMesa) or %d (EGL), got %d", MBRL_GL_OSMESA, MBRL_GL_EGL, backend);
        return MBRL_MJ_ERR_ARG;
    }
    if (backend == MBRL_GL_EGL && egl.probed != MBRL_MJ_OK + 1) {
        snprintf(err, (size_t)errsz, "EGL is not usable here: %s", egl.probed ? egl.message : "not probed yet");
        return MBRL_MJ_ERR_ARG;
    }
    if (backend == MBRL_GL_OSMESA) {
        int rc = load_osmesa(err, errsz);
        if (rc != MBRL_MJ_OK) return rc;
    }
    mbrl_mjr* volatile r = (mbrl_mjr*)calloc(1, sizeof(mbrl_mjr));
    if (r == NULL) {
        snprintf(err, (size_t)errsz, "out of memory for the renderer");
        return MBRL_MJ_ERR_ARG;
    }
    r->backend = backend;
    r->width = width;
    r->height = height;
    if (backend == MBRL_GL_EGL) {
        r->ctx = egl.create_context(egl.display, egl.config, NULL, NULL);
    } else {
        r->buffer = (unsigned char*)malloc((size_t)width * (size_t)height * 4);
        r->ctx = r->buffer == NULL ? NULL : osmesa_create(OSMESA_RGBA_FORMAT, 24, 8, 0, NULL);
    }
    if (r->ctx == NULL || !make_current(r)) {
        snprintf(err, (size_t)errsz, "could not create and bind an %s context of %dx%d",
                 backend == MBRL_GL_EGL ? "EGL" : osmesa_library, width, height);
        destroy_context(r);
        free(r->buffer);
        free(r);
        return MBRL_MJ_ERR_ARG;
    }
    // the off-screen framebuffer must hold the frame
    if (h->m->vis.global.offwidth < width) h->m->vis.global.offwidth = width;
    if (h->m->vis.global.offheight < height) h->m->vis.global.offheight = height;
    mjv_defaultScene(&r->scene);
    mjv_defaultCamera(&r->camera);
    mjv_defaultOption(&r->option);
    mjr_defaultContext(&r->context);
    GUARDED_OR(err, errsz, free_renderer(r), {
        mjv_makeScene(h->m, &r->scene, 2000);
        mjr_makeContext(h->m, &r->context, mjFONTSCALE_100);
        mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
    });
    *out = r;
    return MBRL_MJ_OK;
}

// Renders h's current state from camera `camera` (a model camera id; -1: MuJoCo's free camera) into rgb,
// width*height*3 bytes, rows top to bottom.
EXPORT int mbrl_mjr_render(mbrl_mjr* r, mbrl_mj* h, int camera, unsigned char* rgb, char* err, int errsz) {
    if (camera >= h->m->ncam) {
        snprintf(err, (size_t)errsz, "camera %d out of range: the model has %d camera(s)", camera, h->m->ncam);
        return MBRL_MJ_ERR_ARG;
    }
    if (!make_current(r)) {
        snprintf(err, (size_t)errsz, "%s failed", r->backend == MBRL_GL_EGL ? "eglMakeCurrent" : "OSMesaMakeCurrent");
        return MBRL_MJ_ERR_ARG;
    }
    if (camera >= 0) {
        r->camera.type = mjCAMERA_FIXED;
        r->camera.fixedcamid = camera;
    } else {
        r->camera.type = mjCAMERA_FREE;
    }
    mjrRect viewport = {0, 0, r->width, r->height};
    size_t row = (size_t)r->width * 3;
    unsigned char* flipped = (unsigned char*)malloc(row * (size_t)r->height);
    if (flipped == NULL) {
        snprintf(err, (size_t)errsz, "out of memory for a frame");
        return MBRL_MJ_ERR_ARG;
    }
    GUARDED_OR(err, errsz, free(flipped), {
        mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
        mjv_updateScene(h->m, h->d, &r->option, NULL, &r->camera, mjCAT_ALL, &r->scene);
        mjr_render(viewport, &r->scene, &r->context);
        mjr_readPixels(flipped, NULL, viewport, &r->context);
    });
    for (int y = 0; y < r->height; y++) {  // OpenGL rows run bottom to top
        memcpy(rgb + (size_t)y * row, flipped + (size_t)(r->height - 1 - y) * row, row);
    }
    free(flipped);
    return MBRL_MJ_OK;
}

EXPORT void mbrl_mjr_free(mbrl_mjr* r) {
    free_renderer(r);
}

// A camera id by name, or -1.
EXPORT int mbrl_mj_camera(const mbrl_mj* h, const char* name) {
    return mj_name2id(h->m, mjOBJ_CAMERA, name);
}
