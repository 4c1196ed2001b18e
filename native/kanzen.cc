// kanzen's native kernels as a Node-API addon (node-addon-api): GEMM in the four layouts for
// float32 and float64, im2col and col2im. The JavaScript side (src/tensor/kernels/native/)
// checks shapes and runs a self-test against the reference before it trusts any of this.
//
// The instruction set is chosen once, at load, from what the CPU says it supports (cpuid, via
// __builtin_cpu_supports): AVX-512 (F, VL, BW, DQ), else AVX2 with FMA, else the baseline (SSE2
// on x86-64). A call may ask for a narrower path, so the specs can hold every path to the reference.
#define NAPI_DISABLE_CPP_EXCEPTIONS
#include <napi.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <cstring>
#include <string>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "conv.h"
#include "cpu.h"
#include "elementwise.h"
#include "im2col.h"
#include "maxpool.h"
#include "rows.h"
#include "softmax.h"
#include "kernels.h"
#include "pool.h"

namespace {

using kz::Isa;
using kz::GENERIC;
using kz::AVX2;
using kz::AVX512;

const Isa best = kz::cpuIsa();

const char* isaName(Isa i) { return i == AVX512 ? "avx512" : i == AVX2 ? "avx2" : "generic"; }

Shape shapeOf(Isa i) {
#if defined(KZ_X86)
  if (i == AVX512) return kz_avx512::shape();
  if (i == AVX2) return kz_avx2::shape();
#endif
  return kz_generic::shape();
}

// The packed-B buffer (kc × the task's columns rounded up to NR) of each thread, grown to the largest task seen and then reused.
template <class T> T* threadBuffer(long length) {
  thread_local void* data = nullptr;
  thread_local long capacity = 0;
  const long bytes = length * (long)sizeof(T);
  if (bytes > capacity) {
    std::free(data);
    data = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    capacity = data == nullptr ? 0 : bytes;
  }
  return static_cast<T*>(data);
}

// How to cut a product into tasks. p in blocks of about KC (the packed panel kc × NR stays in
// L1). One thread: one task. Two: every grid of row blocks × column blocks up to 8 × 8 is
// costed by its longest thread under a greedy claim order — madds on padded tiles, plus the
// packing of B that every row block repeats — and the cheapest wins.
template <class T> Plan plan(int m, int k, int n, bool transB, bool two, const Shape& s) {
  const int KC = sizeof(T) == 4 ? 256 : 128;
  const int nr = sizeof(T) == 4 ? s.nrF32 : s.nrF64, unit = nr / 2, mr = s.mr;
  const int blocks = k > 0 ? (k + KC - 1) / KC : 1;
  Plan best{(k + blocks - 1) / blocks, m, n, 1, 1};
  if (!two || (double)m * n * k < (1 << 19)) return best;
  const int rowTiles = (m + mr - 1) / mr, colUnits = (n + unit - 1) / unit;
  const double packCost = transB ? 24.0 : 3.0;  // per packed element, in multiply-adds (measured roughly)
  double bestCost = 1e300;
  for (int rb = 1; rb <= 8 && rb <= rowTiles; rb++)
    for (int cb = 1; cb <= 8 && cb <= colUnits; cb++) {
      const int rows = (rowTiles + rb - 1) / rb * mr, cols = (colUnits + cb - 1) / cb * unit;
      const int rBlocks = (m + rows - 1) / rows, cBlocks = (n + cols - 1) / cols;
      if (rBlocks * cBlocks < 2) continue;
      double load[2] = {0, 0};
      for (int t = 0; t < rBlocks * cBlocks; t++) {
        const int i0 = t / cBlocks * rows, j0 = t % cBlocks * cols;
        const int r = (m - i0 < rows ? m - i0 : rows), c = (n - j0 < cols ? n - j0 : cols);
        const double work = (double)r * ((c + unit - 1) / unit * unit) * k + packCost * k * c;
        load[load[0] <= load[1] ? 0 : 1] += work;
      }
      const double cost = load[0] > load[1] ? load[0] : load[1];
      if (cost < bestCost) {
        bestCost = cost;
        best = Plan{best.kc, rows, cols, rBlocks, cBlocks};
      }
    }
  return best;
}

template <class T> struct Job {
  Gemm<T> g;
  Plan p;
  Isa isa;
  const T* bias;  // or null
  bool relu;
};

// The epilogue on a finished block of C (still in cache): C[i][j] += bias[j], then max(0, ·) —
// the same roundings as the separate addRow and relu.
template <class T> void epilogue(const Job<T>& job, int i0, int i1, int j0, int j1) {
  for (int i = i0; i < i1; i++) {
    T* row = job.g.c + (long)i * job.g.n;
    if (job.bias != nullptr)
      for (int j = j0; j < j1; j++) row[j] += job.bias[j];
    if (job.relu)
      for (int j = j0; j < j1; j++) row[j] = row[j] > 0 ? row[j] : 0;
  }
}

template <class T> void product(const Job<T>& job, int t) {
  const Shape s = shapeOf(job.isa);
  const int nr = sizeof(T) == 4 ? s.nrF32 : s.nrF64;
  T* buf = threadBuffer<T>((long)job.p.kc * ((job.p.colsPerTask + nr - 1) / nr * nr));
  if (buf == nullptr) return;  // out of memory: C stays as it was; the caller's check fails
#if defined(KZ_X86)
  if (job.isa == AVX512) {
    if constexpr (sizeof(T) == 4) kz_avx512::taskF32(job.g, job.p, t, buf); else kz_avx512::taskF64(job.g, job.p, t, buf);
    return;
  }
  if (job.isa == AVX2) {
    if constexpr (sizeof(T) == 4) kz_avx2::taskF32(job.g, job.p, t, buf); else kz_avx2::taskF64(job.g, job.p, t, buf);
    return;
  }
#endif
  if constexpr (sizeof(T) == 4) kz_generic::taskF32(job.g, job.p, t, buf); else kz_generic::taskF64(job.g, job.p, t, buf);
}

template <class T> void runOne(void* context, int t, int thread) {
  const Job<T>& job = *static_cast<const Job<T>*>(context);
  product<T>(job, t);
  if (job.bias == nullptr && !job.relu) return;
  const int rb = t / job.p.colBlocks, cb = t % job.p.colBlocks;
  const int i0 = rb * job.p.rowsPerTask, j0 = cb * job.p.colsPerTask;
  epilogue(job, i0, i0 + job.p.rowsPerTask < job.g.m ? i0 + job.p.rowsPerTask : job.g.m, j0, j0 + job.p.colsPerTask < job.g.n ? j0 + job.p.colsPerTask : job.g.n);
}

// One product on the calling thread alone (the convolutions split their batch across threads instead).
template <class T> void gemmOne(const T* a, const T* b, T* c, int m, int k, int n, bool transA, bool transB, int isa) {
  const Isa active = isa >= (int)best ? best : isa <= 0 ? GENERIC : (Isa)isa;
  Job<T> job{{a, b, c, m, k, n, transA, transB}, plan<T>(m, k, n, transB, false, shapeOf(active)), active, nullptr, false};
  if (k == 0) std::memset(c, 0, sizeof(T) * (size_t)m * n);
  else product<T>(job, 0);
}

// Typed-array arguments: the element type and the data, or a JavaScript TypeError.
struct Array {
  napi_typedarray_type type;
  void* data;
  size_t length;
};

// One napi_get_typedarray_info call (it fails on anything that is not a typed array, and its data
// pointer is already past the byte offset): node-addon-api's TypedArray accessors make one such
// call each, plus a handle for the ArrayBuffer, about 0.1 µs per array in all.
bool typedArg(const Napi::CallbackInfo& info, int i, Array& out) {
  return napi_get_typedarray_info(info.Env(), info[i], &out.type, &out.length, &out.data, nullptr, nullptr) == napi_ok;
}

bool arrayArg(const Napi::CallbackInfo& info, int i, Array& out) {
  return typedArg(info, i, out) && (out.type == napi_float32_array || out.type == napi_float64_array);
}

bool intArgs(const Napi::CallbackInfo& info, int from, int count, int* out) {
  for (int i = 0; i < count; i++) {
    if (!info[from + i].IsNumber()) return false;
    const double v = info[from + i].As<Napi::Number>().DoubleValue();
    if (!(v >= 0 && v <= 2147483647.0) || v != (double)(int)v) return false;
    out[i] = (int)v;
  }
  return true;
}

// Cut a product across both threads only where that measured faster, per shape. Whether it pays
// depends on the machine and the product: on this 2-vCPU VM a helper that has been idle can take
// tens of microseconds to be scheduled again, longer than half of a 100 µs product, and a cut
// plain-layout product packs its B twice; measured on a quiet machine, cutting ran the transposed
// products of a 784-512-256-10 step up to 1.6× faster and the plain [100,784]·[784,100] 1.2× slower.
// So each shape (m, k, n, layout, element type, path) is timed: after 2 products on one thread (the
// first ones run cold, up to 3× slower), the next 16 alternate one and two threads, and the cut is
// kept only if its median time is at least 5 % below the other's. After that every 64th product
// tries the other way once; each way keeps a running mean of its times, and the choice switches
// only when the other way's mean is 5 % below the kept one's (so a load change on the other core
// moves it). The margin is both ways because where the two are close the noise of this VM is as
// large as their difference: a rule that kept the faster best time, and switched on one sample, cut
// the 784-100-10 step's Xᵀ·Δ and flipped back and forth.
// A product's bytes are the same either way: only the speed depends on this.
struct ShapeKey {
  int m, k, n, flags;
  bool operator==(const ShapeKey& o) const { return m == o.m && k == o.k && n == o.n && flags == o.flags; }
};
struct ShapeHash {
  size_t operator()(const ShapeKey& s) const {
    return std::hash<long long>()(((long long)s.m * 1000003LL + s.k) * 1000003LL + s.n) ^ (size_t)s.flags * 0x9e3779b97f4a7c15ULL;
  }
};
constexpr long COLD = 2, TRIALS = 16, RETRY = 64;
constexpr double MARGIN = 0.95;
struct ShapeTimes {
  long calls = 0;
  double trial[2][TRIALS / 2] = {};  // the trial times of one thread and of the cut
  double mean[2] = {0, 0};           // running means of each way's seconds after the trials
  bool cut = false;
  Plan cutPlan{};  // costed the first time the shape is seen (costing the grids takes microseconds); rowBlocks 0 until then
};
std::mutex shapesMu;
std::unordered_map<ShapeKey, ShapeTimes, ShapeHash> shapes;

double medianOf(double* v, int count) {
  std::sort(v, v + count);
  return count % 2 == 1 ? v[count / 2] : (v[count / 2 - 1] + v[count / 2]) / 2;
}

// Which way this product goes: 0 one thread, 1 cut (by `cutPlan`, which `makePlan` gives the
// first time the shape is seen).
template <class MakePlan> int chooseCut(const ShapeKey& key, MakePlan makePlan, Plan& cutPlan) {
  std::lock_guard<std::mutex> lock(shapesMu);
  ShapeTimes& s = shapes[key];
  if (s.cutPlan.rowBlocks == 0) s.cutPlan = makePlan();
  cutPlan = s.cutPlan;
  if (s.calls < COLD) return 0;
  if (s.calls < COLD + TRIALS) return (int)((s.calls - COLD) % 2);
  return (s.calls % RETRY == 0) != s.cut ? 1 : 0;
}

void recordCut(const ShapeKey& key, int way, double seconds) {
  std::lock_guard<std::mutex> lock(shapesMu);
  ShapeTimes& s = shapes[key];
  const long call = s.calls++;
  if (call < COLD) return;
  if (call < COLD + TRIALS) {
    s.trial[way][(call - COLD) / 2] = seconds;
    if (call == COLD + TRIALS - 1) {
      s.mean[0] = medianOf(s.trial[0], TRIALS / 2);
      s.mean[1] = medianOf(s.trial[1], TRIALS / 2);
      s.cut = s.mean[1] < MARGIN * s.mean[0];
    }
    return;
  }
  // Clipped at twice the mean, so that a few products slowed by the other core's load (on this VM
  // one took 0.3 ms instead of 0.12) cannot move it far. The kept way runs 63 times in 64, the
  // other once: each of its samples weighs more.
  const double clipped = seconds < 2 * s.mean[way] ? seconds : 2 * s.mean[way];
  const double weight = way == (s.cut ? 1 : 0) ? 0.1 : 0.5;
  s.mean[way] = (1 - weight) * s.mean[way] + weight * clipped;
  const int kept = s.cut ? 1 : 0;
  if (s.mean[1 - kept] < MARGIN * s.mean[kept]) s.cut = !s.cut;
}

// threads: 1; 2 — cut a large product across both threads where that measured faster (above);
// 3 — always cut it (the self-test and the specs, so that the split is checked on every machine).
template <class T>
void runMeasured(Job<T>& job, int threads, const Shape& s) {
  // job.p is the one-thread plan.
  if (threads != 2 && threads != 3) {
    kz::runTasks(1, runOne<T>, &job, false);
    return;
  }
  const auto makePlan = [&]() { return plan<T>(job.g.m, job.g.k, job.g.n, job.g.transB, true, s); };
  if (threads == 3) {  // always cut
    job.p = makePlan();
    const int tasks = job.p.rowBlocks * job.p.colBlocks;
    kz::runTasks(tasks, runOne<T>, &job, tasks > 1);
    return;
  }
  const ShapeKey key{job.g.m, job.g.k, job.g.n, (job.g.transA ? 1 : 0) | (job.g.transB ? 2 : 0) | ((int)sizeof(T) << 2) | ((int)job.isa << 6)};
  Plan cutPlan;
  const int way = chooseCut(key, makePlan, cutPlan);
  if (cutPlan.rowBlocks * cutPlan.colBlocks <= 1) {  // too small to cut at all: the one-thread plan
    kz::runTasks(1, runOne<T>, &job, false);
    return;
  }
  // A cut that could only run alone (the helper still gathers the next batch) would time the cut
  // plan on one thread, which packs more than the one-thread plan: run that plan, and time nothing.
  if (way == 1 && !kz::helperFree()) {
    kz::runTasks(1, runOne<T>, &job, false);
    return;
  }
  if (way == 1) job.p = cutPlan;
  const auto t0 = std::chrono::steady_clock::now();
  kz::runTasks(job.p.rowBlocks * job.p.colBlocks, runOne<T>, &job, way == 1);
  recordCut(key, way, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

template <class T>
void run(const Array& a, const Array& b, const Array& c, const Array& bias, int m, int k, int n, bool transA, bool transB, bool relu, int threads, Isa isa) {
  Job<T> job{{static_cast<const T*>(a.data), static_cast<const T*>(b.data), static_cast<T*>(c.data), m, k, n, transA, transB},
             plan<T>(m, k, n, transB, false, shapeOf(isa)), isa, static_cast<const T*>(bias.data), relu};
  if (k > 0) runMeasured<T>(job, threads, shapeOf(isa));
  else if (bias.data != nullptr || relu) epilogue(job, 0, m, 0, n);
}

Napi::Value fail(const Napi::CallbackInfo& info, const char* why) {
  Napi::TypeError::New(info.Env(), why).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

// gemm(a, b, c, m, k, n, transA, transB, threads, isa, bias, relu): c = op(a)·op(b), all float32
// or all float64, on the path `isa` (0 baseline, 1 AVX2, 2 AVX-512; narrowed to what the CPU
// has); then, if given, the epilogue: c[i][j] += bias[j] (bias: n values or null), then max(0, ·).
Napi::Value GemmFn(const Napi::CallbackInfo& info) {
  Array a, b, c;
  int d[3];
  if (info.Length() < 12 || !arrayArg(info, 0, a) || !arrayArg(info, 1, b) || !arrayArg(info, 2, c) || !intArgs(info, 3, 3, d))
    return fail(info, "gemm(a, b, c, m, k, n, transA, transB, threads, isa, bias, relu): a, b, c Float32Array or Float64Array, m, k, n integers");
  if (a.type != b.type || a.type != c.type) return fail(info, "gemm: a, b and c must have one element type");
  const int m = d[0], k = d[1], n = d[2];
  if (a.length < (size_t)m * k || b.length < (size_t)k * n || c.length < (size_t)m * n) return fail(info, "gemm: an array is shorter than m, k, n say");
  const bool transA = info[6].ToBoolean(), transB = info[7].ToBoolean();
  const int want = info[9].ToNumber().Int32Value();
  const Isa active = want >= (int)best ? best : want <= 0 ? GENERIC : (Isa)want;
  const int threads = info[8].ToNumber().Int32Value();
  Array bias{napi_float32_array, nullptr, 0};
  if (!info[10].IsNull() && !info[10].IsUndefined()) {
    if (!arrayArg(info, 10, bias) || bias.type != a.type || bias.length < (size_t)n) return fail(info, "gemm: bias must be n values of the same element type, or null");
  }
  const bool relu = info[11].ToBoolean();
  if (m == 0 || n == 0) return info.Env().Undefined();
  if (k == 0) std::memset(c.data, 0, (size_t)m * n * (a.type == napi_float32_array ? 4 : 8));
  if (a.type == napi_float32_array) run<float>(a, b, c, bias, m, k, n, transA, transB, relu, threads, active);
  else run<double>(a, b, c, bias, m, k, n, transA, transB, relu, threads, active);
  return info.Env().Undefined();
}

// im2col(image, cols, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW) and
// col2im(cols, image, …same…): see im2col.h.
Napi::Value ConvFn(const Napi::CallbackInfo& info, bool forward) {
  Array x, y;
  int d[12];
  if (info.Length() < 14 || !arrayArg(info, 0, x) || !arrayArg(info, 1, y) || !intArgs(info, 2, 12, d))
    return fail(info, "im2col/col2im(from, to, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW): Float32Array or Float64Array, then integers");
  if (x.type != y.type) return fail(info, "im2col/col2im: both arrays must have one element type");
  const kz::Conv g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
  if (g.kh < 1 || g.kw < 1 || g.strideH < 1 || g.strideW < 1 || g.h + 2 * g.padH < g.kh || g.w + 2 * g.padW < g.kw ||
      g.oh != (g.h + 2 * g.padH - g.kh) / g.strideH + 1 || g.ow != (g.w + 2 * g.padW - g.kw) / g.strideW + 1)
    return fail(info, "im2col/col2im: the kernel must fit the padded image, strides at least 1, outH and outW as the formula says");
  const size_t image = (size_t)g.n * g.c * g.h * g.w, cols = (size_t)g.n * g.c * g.kh * g.kw * g.oh * g.ow;
  if ((forward ? x.length < image || y.length < cols : x.length < cols || y.length < image))
    return fail(info, "im2col/col2im: an array is shorter than the geometry says");
  if (x.type == napi_float32_array) {
    if (forward) kz::im2col(g, static_cast<const float*>(x.data), static_cast<float*>(y.data));
    else kz::col2im(g, static_cast<const float*>(x.data), static_cast<float*>(y.data));
  } else {
    if (forward) kz::im2col(g, static_cast<const double*>(x.data), static_cast<double*>(y.data));
    else kz::col2im(g, static_cast<const double*>(x.data), static_cast<double*>(y.data));
  }
  return info.Env().Undefined();
}

// The element-wise kernels (elementwise.h), all arrays of one element type, lengths checked:
//   axpy(alpha, x, y, out)  relu(x, out)  reluGrad(dOut, x, out)  addRow(x, row, out, rows, cols)  sumRows(x, out, rows, cols)
template <class T> T* at(const Array& a) { return static_cast<T*>(a.data); }

Napi::Value ElementwiseFn(const Napi::CallbackInfo& info, int op) {
  const int arrays = op == 0 || op == 2 || op == 3 ? 3 : 2;  // axpy, reluGrad, addRow: three
  const int first = op == 0 ? 1 : 0;
  Array v[3];
  for (int i = 0; i < arrays; i++)
    if ((int)info.Length() <= first + i || !arrayArg(info, first + i, v[i]) || v[i].type != v[0].type) return fail(info, "elementwise: Float32Array or Float64Array arguments of one element type");
  const bool f32 = v[0].type == napi_float32_array;
  if (op == 0) {
    if (!info[0].IsNumber()) return fail(info, "axpy(alpha, x, y, out): alpha a number");
    const double alpha = info[0].As<Napi::Number>().DoubleValue();
    const long n = (long)v[2].length;
    if (v[0].length < (size_t)n || v[1].length < (size_t)n) return fail(info, "axpy: x and y shorter than out");
    if (f32) kz::axpy(alpha, at<float>(v[0]), at<float>(v[1]), at<float>(v[2]), n);
    else kz::axpy(alpha, at<double>(v[0]), at<double>(v[1]), at<double>(v[2]), n);
  } else if (op == 1 || op == 2) {
    const Array& out = v[arrays - 1];
    const long n = (long)out.length;
    for (int i = 0; i < arrays - 1; i++)
      if (v[i].length < (size_t)n) return fail(info, "relu/reluGrad: an input is shorter than out");
    if (op == 1) {
      if (f32) kz::relu(at<float>(v[0]), at<float>(v[1]), n);
      else kz::relu(at<double>(v[0]), at<double>(v[1]), n);
    } else if (f32) kz::reluGrad(at<float>(v[0]), at<float>(v[1]), at<float>(v[2]), n);
    else kz::reluGrad(at<double>(v[0]), at<double>(v[1]), at<double>(v[2]), n);
  } else {
    int d[2];
    if (!intArgs(info, arrays, 2, d)) return fail(info, "addRow/sumRows: rows and cols integers");
    const long rows = d[0], cols = d[1];
    if (v[0].length < (size_t)(rows * cols)) return fail(info, "addRow/sumRows: x is shorter than rows × cols");
    if (op == 3) {
      if (v[1].length < (size_t)cols || v[2].length < (size_t)(rows * cols)) return fail(info, "addRow: row or out too short");
      if (f32) kz::addRow(at<float>(v[0]), at<float>(v[1]), at<float>(v[2]), rows, cols);
      else kz::addRow(at<double>(v[0]), at<double>(v[1]), at<double>(v[2]), rows, cols);
    } else {
      if (v[1].length < (size_t)cols) return fail(info, "sumRows: out is shorter than cols");
      if (f32) kz::sumRows(at<float>(v[0]), at<float>(v[1]), rows, cols);
      else kz::sumRows(at<double>(v[0]), at<double>(v[1]), rows, cols);
    }
  }
  return info.Env().Undefined();
}

// conv2dForward(x, w, b, y, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, filters, threads, isa) and
// conv2dBackward(x, w, dy, dw, db, dx | null, …same…): see conv.h. All arrays of one element type; y, dw, db
// and dx are written entirely.
template <class T> void convRun(bool forward, const Array& x, const Array& w, const Array& b, const Array& y, const Array& dy, const Array& dw,
                                const Array& db, const Array& dx, const kz::Conv& g, int f, bool two, int isa) {
  kz::ConvCall<T> call{g, f, isa, gemmOne<T>, static_cast<const T*>(x.data), static_cast<const T*>(w.data), static_cast<const T*>(b.data),
                       static_cast<T*>(y.data), static_cast<const T*>(dy.data), nullptr, nullptr, static_cast<T*>(dx.data), kz::convTasks(g.n)};
  if (forward) {
    kz::runTasks(call.tasks, kz::convForwardTask<T>, &call, two);
    return;
  }
  const long K = (long)g.c * g.kh * g.kw;
  T* parts = static_cast<T*>(std::calloc((size_t)call.tasks * f * (K + 1), sizeof(T)));
  if (parts == nullptr) return;  // out of memory: dw stays as it was, and the caller's check fails
  call.dwParts = parts;
  call.dbParts = parts + (long)call.tasks * f * K;
  kz::runTasks(call.tasks, kz::convBackwardTask<T>, &call, two);
  T* outW = static_cast<T*>(dw.data);
  T* outB = static_cast<T*>(db.data);
  // the tasks' partial sums, added in task order (the same bytes on one thread or two)
  for (long i = 0; i < f * K; i++) {
    T s = 0;
    for (int t = 0; t < call.tasks; t++) s += call.dwParts[(long)t * f * K + i];
    outW[i] = s;
  }
  for (int j = 0; j < f; j++) {
    T s = 0;
    for (int t = 0; t < call.tasks; t++) s += call.dbParts[(long)t * f + j];
    outB[j] = s;
  }
  std::free(parts);
}

Napi::Value ConvLayerFn(const Napi::CallbackInfo& info, bool forward) {
  const int a0 = forward ? 4 : 6;  // where the integers start
  const Array none{napi_float32_array, nullptr, 0};
  Array x = none, w = none, b = none, y = none, dy = none, dw = none, db = none, dx = none;
  int d[13];
  const bool arrays = forward ? arrayArg(info, 0, x) && arrayArg(info, 1, w) && arrayArg(info, 2, b) && arrayArg(info, 3, y)
                              : arrayArg(info, 0, x) && arrayArg(info, 1, w) && arrayArg(info, 2, dy) && arrayArg(info, 3, dw) && arrayArg(info, 4, db) &&
                                    (info[5].IsNull() || arrayArg(info, 5, dx));
  if ((int)info.Length() < a0 + 15 || !arrays || !intArgs(info, a0, 13, d))
    return fail(info, forward ? "conv2dForward(x, w, b, y, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, filters, threads, isa)"
                              : "conv2dBackward(x, w, dy, dw, db, dx | null, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, filters, threads, isa)");
  const kz::Conv g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
  const int f = d[12];
  if (g.n < 1 || f < 1 || g.kh < 1 || g.kw < 1 || g.strideH < 1 || g.strideW < 1 || g.h + 2 * g.padH < g.kh || g.w + 2 * g.padW < g.kw ||
      g.oh != (g.h + 2 * g.padH - g.kh) / g.strideH + 1 || g.ow != (g.w + 2 * g.padW - g.kw) / g.strideW + 1)
    return fail(info, "conv2d: the kernel must fit the padded image, strides, batch and filters at least 1, outH and outW as the formula says");
  const size_t image = (size_t)g.n * g.c * g.h * g.w, out = (size_t)g.n * f * g.oh * g.ow, K = (size_t)g.c * g.kh * g.kw;
  const napi_typedarray_type t = x.type;
  if (forward ? (w.type != t || b.type != t || y.type != t) : (w.type != t || dy.type != t || dw.type != t || db.type != t || (dx.data != nullptr && dx.type != t)))
    return fail(info, "conv2d: all arrays must have one element type");
  if (x.length < image || w.length < f * K || (forward ? b.length < (size_t)f || y.length < out : dy.length < out || dw.length < f * K || db.length < (size_t)f || (dx.data != nullptr && dx.length < image)))
    return fail(info, "conv2d: an array is shorter than the geometry says");
  const bool two = info[a0 + 13].ToNumber().Int32Value() == 2;
  const int isa = info[a0 + 14].ToNumber().Int32Value();
  if (t == napi_float32_array) convRun<float>(forward, x, w, b, y, dy, dw, db, dx, g, f, two, isa);
  else convRun<double>(forward, x, w, b, y, dy, dw, db, dx, g, f, two, isa);
  return info.Env().Undefined();
}

// maxPoolForward(x, y, argmax, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, threads) and
// maxPoolBackward(dy, argmax, dx, …same…): see maxpool.h. argmax is a Uint8Array or an Int32Array; padding must be 0.
Napi::Value MaxPoolFn(const Napi::CallbackInfo& info, bool forward) {
  Array a, b;
  int d[12];
  const int at = forward ? 2 : 1;  // where argmax is
  Array winners;
  if (info.Length() < 16 || !arrayArg(info, forward ? 0 : 0, a) || !arrayArg(info, forward ? 1 : 2, b) || !typedArg(info, at, winners) || !intArgs(info, 3, 12, d))
    return fail(info, forward ? "maxPoolForward(x, y, argmax, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, threads)"
                              : "maxPoolBackward(dy, argmax, dx, n, c, h, w, kh, kw, strideH, strideW, padH, padW, outH, outW, threads)");
  const kz::Conv g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
  const napi_typedarray_type wt = winners.type;
  if (wt != napi_uint8_array && wt != napi_int32_array) return fail(info, "maxPool: argmax must be a Uint8Array or an Int32Array");
  if (a.type != b.type) return fail(info, "maxPool: both float arrays must have one element type");
  if (g.kh < 1 || g.kw < 1 || g.strideH < 1 || g.strideW < 1 || g.padH != 0 || g.padW != 0 || g.h < g.kh || g.w < g.kw ||
      g.oh != (g.h - g.kh) / g.strideH + 1 || g.ow != (g.w - g.kw) / g.strideW + 1 || (wt == napi_uint8_array && g.kh * g.kw > 256))
    return fail(info, "maxPool: the window must fit the image without padding, strides at least 1, outH and outW as the formula says");
  const size_t image = (size_t)g.n * g.c * g.h * g.w, out = (size_t)g.n * g.c * g.oh * g.ow;
  if ((forward ? a.length < image || b.length < out : a.length < out || b.length < image) || winners.length < out)
    return fail(info, "maxPool: an array is shorter than the geometry says");
  const bool two = info[15].ToNumber().Int32Value() == 2;
  void* w = winners.data;
  const bool f32 = a.type == napi_float32_array, u8 = wt == napi_uint8_array;
  if (forward) {
    if (f32 && u8) kz::maxPoolForward(g, static_cast<const float*>(a.data), static_cast<float*>(b.data), static_cast<uint8_t*>(w), two);
    else if (f32) kz::maxPoolForward(g, static_cast<const float*>(a.data), static_cast<float*>(b.data), static_cast<int32_t*>(w), two);
    else if (u8) kz::maxPoolForward(g, static_cast<const double*>(a.data), static_cast<double*>(b.data), static_cast<uint8_t*>(w), two);
    else kz::maxPoolForward(g, static_cast<const double*>(a.data), static_cast<double*>(b.data), static_cast<int32_t*>(w), two);
  } else {
    if (f32 && u8) kz::maxPoolBackward(g, static_cast<const float*>(a.data), static_cast<const uint8_t*>(w), static_cast<float*>(b.data), two);
    else if (f32) kz::maxPoolBackward(g, static_cast<const float*>(a.data), static_cast<const int32_t*>(w), static_cast<float*>(b.data), two);
    else if (u8) kz::maxPoolBackward(g, static_cast<const double*>(a.data), static_cast<const uint8_t*>(w), static_cast<double*>(b.data), two);
    else kz::maxPoolBackward(g, static_cast<const double*>(a.data), static_cast<const int32_t*>(w), static_cast<double*>(b.data), two);
  }
  return info.Env().Undefined();
}

// nonFiniteIndex(x): the index of the first NaN or ±Inf in x, or −1.
Napi::Value NonFiniteFn(const Napi::CallbackInfo& info) {
  Array x;
  if (info.Length() < 1 || !arrayArg(info, 0, x)) return fail(info, "nonFiniteIndex(x): x a Float32Array or Float64Array");
  const long i = x.type == napi_float32_array ? kz::nonFiniteIndex(static_cast<const float*>(x.data), (long)x.length)
                                              : kz::nonFiniteIndex(static_cast<const double*>(x.data), (long)x.length);
  return Napi::Number::New(info.Env(), (double)i);
}

// softmaxRows(x, out, rows, cols, log): see softmax.h; x and out of one element type.
Napi::Value SoftmaxRowsFn(const Napi::CallbackInfo& info) {
  Array x, out;
  int d[2];
  if (info.Length() < 5 || !arrayArg(info, 0, x) || !arrayArg(info, 1, out) || x.type != out.type || !intArgs(info, 2, 2, d))
    return fail(info, "softmaxRows(x, out, rows, cols, log): x and out Float32Array or Float64Array of one element type, rows and cols integers");
  const long n = (long)d[0] * d[1];
  if (x.length < (size_t)n || out.length < (size_t)n) return fail(info, "softmaxRows: an array is shorter than rows × cols");
  const bool log = info[4].ToBoolean();
  if (x.type == napi_float32_array) kz::softmaxRows(static_cast<const float*>(x.data), static_cast<float*>(out.data), d[0], d[1], log);
  else kz::softmaxRows(static_cast<const double*>(x.data), static_cast<double*>(out.data), d[0], d[1], log);
  return info.Env().Undefined();
}

// crossEntropyRows(logY, classes, targets, grad, rows, cols) → the mean loss: see softmax.h. classes an
// Int32Array of rows values, or null with targets (logY's element type and length) instead.
Napi::Value CrossEntropyRowsFn(const Napi::CallbackInfo& info) {
  Array ly, t{napi_float32_array, nullptr, 0}, g;
  int d[2];
  if (info.Length() < 6 || !arrayArg(info, 0, ly) || !arrayArg(info, 3, g) || ly.type != g.type || !intArgs(info, 4, 2, d))
    return fail(info, "crossEntropyRows(logY, classes, targets, grad, rows, cols): logY and grad Float32Array or Float64Array of one element type, rows and cols integers");
  const long rows = d[0], n = (long)d[0] * d[1];
  if (ly.length < (size_t)n || g.length < (size_t)n) return fail(info, "crossEntropyRows: logY or grad is shorter than rows × cols");
  const int* classes = nullptr;
  Array c;
  if (typedArg(info, 1, c)) {
    if (c.type != napi_int32_array || c.length < (size_t)rows) return fail(info, "crossEntropyRows: classes an Int32Array of rows values");
    classes = static_cast<const int*>(c.data);
  } else if (!arrayArg(info, 2, t) || t.type != ly.type || t.length < (size_t)n) {
    return fail(info, "crossEntropyRows: targets of logY's element type and length, when classes is null");
  }
  const double value = ly.type == napi_float32_array
                           ? kz::crossEntropyRows(static_cast<const float*>(ly.data), classes, static_cast<const float*>(t.data), static_cast<float*>(g.data), rows, d[1])
                           : kz::crossEntropyRows(static_cast<const double*>(ly.data), classes, static_cast<const double*>(t.data), static_cast<double*>(g.data), rows, d[1]);
  return Napi::Number::New(info.Env(), value);
}

// gatherRows(x, indices, out, width, threads, codes, table): out's rows are x's rows at indices
// (rows.h). x and out of one element type, indices an Int32Array; every index is checked here too,
// so no call can read outside x. codes and table (or null): x's elements as bytes, x[i] =
// table[codes[i]] (src/tensor/byte-codes.ts), codes as long as x, the table of x's type with 1 to
// 256 values; the rows are then built from the codes (a code past the table reads 0, never outside
// it). On two threads a large batch is cut in halves (copying waits on memory, so the second
// thread's loads overlap the first's).
template <class T> struct GatherJob {
  const T* x;
  const int* idx;
  T* out;
  long width;
  int rows;
  int tasks;  // 1, or 2 halves
  const unsigned char* codes;  // or null
  kz::TableForm<T> form;       // the table as code / divisor, when it is (rows.h)
  T table[256];                // the table, zero past its length
};

template <class T> void gatherTask(void* context, int t, int) {
  const GatherJob<T>& j = *static_cast<const GatherJob<T>*>(context);
  const int half = j.tasks == 1 ? j.rows : (j.rows + 1) / 2;
  const int from = t == 0 ? 0 : half, to = t == 0 ? half : j.rows;
  if (j.codes != nullptr) kz::gatherCodedRows(j.codes, j.table, j.form, j.idx, j.out, j.width, from, to);
  else kz::gatherRows(j.x, j.idx, j.out, j.width, from, to);
}

// The arguments (x, indices, out, width, …, codes, table) both gathers take, checked; the reason if
// they do not hold.
struct GatherArgs {
  Array x, out, table;
  const int* idx;
  long rows, width;
  const unsigned char* codes;  // null when none were given
};

bool rowsInside(const int* idx, long rows, long width, size_t length) {
  for (long r = 0; r < rows; r++)
    if (idx[r] < 0 || (size_t)(idx[r] + 1) * (size_t)width > length) return false;
  return true;
}

// The optional codes argument at `at` (null or absent: none): 1 and c filled when it is a Uint8Array
// of `length` bytes, 0 when none was given, −1 when it is anything else.
int codesArg(const Napi::CallbackInfo& info, int at, size_t length, Array& c) {
  if ((int)info.Length() <= at || info[at].IsNull() || info[at].IsUndefined()) return 0;
  return typedArg(info, at, c) && c.type == napi_uint8_array && c.length == length ? 1 : -1;
}

const char* gatherArgs(const Napi::CallbackInfo& info, GatherArgs& g, int codesAt) {
  Array ti;
  if (info.Length() < 4 || !arrayArg(info, 0, g.x) || !arrayArg(info, 2, g.out) || g.x.type != g.out.type || !typedArg(info, 1, ti))
    return "gatherRows(x, indices, out, width, …): x and out Float32Array or Float64Array of one type";
  if (ti.type != napi_int32_array) return "gatherRows: indices an Int32Array";
  g.idx = static_cast<const int*>(ti.data);
  g.rows = (long)ti.length;
  int d[1];
  if (!intArgs(info, 3, 1, d)) return "gatherRows: width an integer";
  g.width = d[0];
  if (g.out.length != (size_t)(g.rows * g.width)) return "gatherRows: out is not indices × width long";
  if (!rowsInside(g.idx, g.rows, g.width, g.x.length)) return "gatherRows: an index outside x";
  g.codes = nullptr;
  Array c;
  const int given = codesArg(info, codesAt, g.x.length, c);
  if (given < 0) return "gatherRows: codes a Uint8Array as long as x, or null";
  if (given > 0) {
    if ((int)info.Length() <= codesAt + 1 || !arrayArg(info, codesAt + 1, g.table) || g.table.type != g.x.type || g.table.length < 1 || g.table.length > 256)
      return "gatherRows: with codes, a table of 1 to 256 values of x's type";
    g.codes = static_cast<const unsigned char*>(c.data);
  }
  return nullptr;
}

template <class T> void fillJob(GatherJob<T>& job, const GatherArgs& a, int tasks) {
  job.x = static_cast<const T*>(a.x.data);
  job.idx = a.idx;
  job.out = static_cast<T*>(a.out.data);
  job.width = a.width;
  job.rows = (int)a.rows;
  job.tasks = tasks;
  job.codes = a.codes;
  job.form = {0, false};
  std::memset(job.table, 0, sizeof job.table);
  if (a.codes != nullptr) {
    std::memcpy(job.table, a.table.data, a.table.length * sizeof(T));
    job.form = kz::tableForm(job.table);
  }
}

template <class T> void gatherRun(const GatherArgs& a, bool two) {
  const bool split = two && (double)a.rows * a.width * sizeof(T) >= 256 * 1024;
  GatherJob<T> job;
  fillJob(job, a, split ? 2 : 1);
  kz::runTasks(job.tasks, gatherTask<T>, &job, split);
}

Napi::Value GatherRowsFn(const Napi::CallbackInfo& info) {
  GatherArgs g;
  if (const char* why = gatherArgs(info, g, 5)) return fail(info, why);
  const bool two = info.Length() > 4 && info[4].IsNumber() && info[4].As<Napi::Number>().Int32Value() == 2;
  if (g.x.type == napi_float32_array) gatherRun<float>(g, two);
  else gatherRun<double>(g, two);
  return info.Env().Undefined();
}

// gatherRowsStart(x, indices, out, width, codes, table): the same gather, on the helper thread while
// JavaScript goes on (the next batch, during a training step); gatherRowsJoin() finishes it (runs it
// here if the helper had not begun) and must come before `out` is read. Returns false when it ran at
// once instead (the helper was taken). The addon holds x, indices, out and codes until the join, so
// none is collected while the helper reads or writes it (the table is copied); one gather is pending
// at a time (a second start joins the first).
struct PendingGather {
  GatherJob<float> f32;
  GatherJob<double> f64;
  bool isF32;
  Napi::Reference<Napi::Value> keep[4];
};
thread_local PendingGather* pending = nullptr;  // per JavaScript thread (a worker has its own)

void pendingTask(void* context, int t, int thread) {
  PendingGather& g = *static_cast<PendingGather*>(context);
  if (g.isF32) gatherTask<float>(&g.f32, t, thread);
  else gatherTask<double>(&g.f64, t, thread);
}

void joinPending() {
  if (pending == nullptr) return;
  kz::joinTasks();
  delete pending;  // releases the references
  pending = nullptr;
}

Napi::Value GatherRowsJoinFn(const Napi::CallbackInfo& info) {
  joinPending();
  return info.Env().Undefined();
}

Napi::Value GatherRowsStartFn(const Napi::CallbackInfo& info) {
  GatherArgs a;
  if (const char* why = gatherArgs(info, a, 4)) return fail(info, why);
  joinPending();
  PendingGather* g = new PendingGather();
  g->isF32 = a.x.type == napi_float32_array;
  if (g->isF32) fillJob(g->f32, a, 1);
  else fillJob(g->f64, a, 1);
  for (int i = 0; i < 3; i++) g->keep[i] = Napi::Persistent(info[i]);
  if (a.codes != nullptr) g->keep[3] = Napi::Persistent(info[4]);
  if (!kz::postTasks(1, pendingTask, g)) {
    delete g;
    return Napi::Boolean::New(info.Env(), false);
  }
  pending = g;
  return Napi::Boolean::New(info.Env(), true);
}

// prefetchRows(x, indices, width, codes): ask the memory for the rows a later gather of x's rows at
// indices will read (their codes when codes is given, else x's), and return at once: the one-thread
// startGatherRows issues this, and its finish gathers after the training step, from cache (rows.h).
// The arguments are checked as the gather's are; nothing is written.
Napi::Value PrefetchRowsFn(const Napi::CallbackInfo& info) {
  Array x, ti, c;
  int d[1];
  if (info.Length() < 3 || !arrayArg(info, 0, x) || !typedArg(info, 1, ti) || ti.type != napi_int32_array || !intArgs(info, 2, 1, d))
    return fail(info, "prefetchRows(x, indices, width, codes): x a Float32Array or Float64Array, indices an Int32Array, width an integer");
  const int* idx = static_cast<const int*>(ti.data);
  if (!rowsInside(idx, (long)ti.length, d[0], x.length)) return fail(info, "prefetchRows: an index outside x");
  const int coded = codesArg(info, 3, x.length, c);
  if (coded < 0) return fail(info, "prefetchRows: codes a Uint8Array as long as x, or null");
  const long elementBytes = coded > 0 ? 1 : x.type == napi_float32_array ? 4 : 8;
  kz::prefetchRows(coded > 0 ? c.data : x.data, idx, (long)ti.length, d[0] * elementBytes);
  return info.Env().Undefined();
}

// resolveIsa(name): the path a request resolves to — `name` (avx512, avx2, generic) if this CPU has
// it, else (and for "best" or "") the widest it has. The addon keeps no state: gemm takes the
// path as its last argument.
Napi::Value ResolveIsa(const Napi::CallbackInfo& info) {
  const std::string want = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  const Isa w = want == "avx512" ? AVX512 : want == "avx2" ? AVX2 : want == "generic" ? GENERIC : best;
  return Napi::String::New(info.Env(), isaName(w <= best ? w : best));
}

// V8 takes typed arrays' memory from malloc. glibc serves blocks over 128 KiB with a fresh mmap
// and unmaps them on free, so every large array a training step allocates (activations, errors,
// gradients, new weights) is written into pages the kernel has to fault in one by one: measured
// here, writing a fresh 1.6 MB array costs 6.3 ms against 0.6 ms for memory already mapped, and
// a CNN epoch spends most of its time so. Serving blocks up to 32 MiB (glibc's largest allowed
// threshold) from the heap and keeping up to 256 MiB of freed memory mapped makes fresh arrays
// as cheap as reused ones. KANZEN_MALLOC=system keeps glibc's defaults.
void keepLargeBlocksMapped() {
#if defined(__GLIBC__)
  const char* choice = std::getenv("KANZEN_MALLOC");
  if (choice != nullptr && std::strcmp(choice, "system") == 0) return;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  keepLargeBlocksMapped();
  exports.Set("gemm", Napi::Function::New(env, GemmFn));
  exports.Set("prefetchRows", Napi::Function::New(env, PrefetchRowsFn));
  exports.Set("im2col", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ConvFn(i, true); }));
  exports.Set("col2im", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ConvFn(i, false); }));
  exports.Set("conv2dForward", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ConvLayerFn(i, true); }));
  exports.Set("conv2dBackward", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ConvLayerFn(i, false); }));
  exports.Set("maxPoolForward", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MaxPoolFn(i, true); }));
  exports.Set("maxPoolBackward", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MaxPoolFn(i, false); }));
  exports.Set("resolveIsa", Napi::Function::New(env, ResolveIsa));
  exports.Set("axpy", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ElementwiseFn(i, 0); }));
  exports.Set("relu", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ElementwiseFn(i, 1); }));
  exports.Set("reluGrad", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ElementwiseFn(i, 2); }));
  exports.Set("addRow", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ElementwiseFn(i, 3); }));
  exports.Set("nonFiniteIndex", Napi::Function::New(env, NonFiniteFn));
  exports.Set("softmaxRows", Napi::Function::New(env, SoftmaxRowsFn));
  exports.Set("crossEntropyRows", Napi::Function::New(env, CrossEntropyRowsFn));
  exports.Set("gatherRows", Napi::Function::New(env, GatherRowsFn));
  exports.Set("gatherRowsStart", Napi::Function::New(env, GatherRowsStartFn));
  exports.Set("gatherRowsJoin", Napi::Function::New(env, GatherRowsJoinFn));
  exports.Set("sumRows", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return ElementwiseFn(i, 4); }));
  exports.Set("helperTasks", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Napi::Number::New(i.Env(), (double)kz::helperTasks()); }));
  return exports;
}

}  // namespace

NODE_API_MODULE(kanzen_native, Init)
