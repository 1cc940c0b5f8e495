// lib/tape_eval.cpp -- evaluation entry points of taylordiag::tape and the run-time ISA choice.
//
// Compiled with the baseline flags: it validates the arguments, splits the points into
// blocks over oneTBB (parallel_for_2d) and calls the interpreter kernel of the chosen
// instruction set through a function pointer. The kernels are noexcept and never allocate:
// the workspace comes from here.
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>

#include <xsimd/xsimd.hpp>

#include "tape_program.hpp"
#include "taylordiag/detail/driver.hpp"

namespace taylordiag {
namespace detail {
namespace {

struct arch_entry {
  char const* name;
  void (*f64)(kernel_args<double> const&) noexcept;
  void (*f32)(kernel_args<float> const&) noexcept;
};

// Best first.
constexpr arch_entry arch_table[] = {
    {"avx512", &tape_kernel_avx512, &tape_kernel_avx512},
    {"avx2", &tape_kernel_avx2, &tape_kernel_avx2},
    {"sse2", &tape_kernel_sse2, &tape_kernel_sse2},
};
constexpr int arch_count = 3;

bool cpu_supports(int a) {
  static auto const av = xsimd::available_architectures();
  switch (a) {
    case 0:
      return av.avx512bw && av.avx512dq && av.avx512cd && av.avx512f;
    case 1:
      return av.avx2 && av.fma3_avx2;
    case 2:
      return av.sse2;
    default:
      return false;
  }
}

int find_arch(std::string_view name) {
  for (int a = 0; a < arch_count; ++a)
    if (name == arch_table[a].name) return a;
  return -1;
}

int best_arch() {
  for (int a = 0; a < arch_count; ++a)
    if (cpu_supports(a)) return a;
  return arch_count - 1;
}

std::atomic<int> forced{-2};  // -2: not initialised, -1: automatic

int choose(std::string_view name, char const* source) {
  if (name.empty() || name == "auto") return -1;
  int const a = find_arch(name);
  if (a < 0)
    throw error("arch", std::string(source) + " names unknown instruction set '" +
                            std::string(name) + "' (expected avx512, avx2, sse2 or auto)");
  if (!cpu_supports(a))
    throw error("arch", std::string(source) + ": this CPU does not support " + std::string(name));
  return a;
}

int active_arch() {
  int f = forced.load(std::memory_order_acquire);
  if (f == -2) {
    static std::once_flag once;
    static int from_env = -1;
    static std::string env_error;
    std::call_once(once, [] {
      char const* e = std::getenv("TAYLORDIAG_ARCH");
      try {
        from_env = choose(e ? std::string_view(e) : std::string_view(), "TAYLORDIAG_ARCH");
      } catch (error const& err) {
        std::string const what = err.what(), prefix = "taylordiag: arch: ";
        env_error = what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what;
        from_env = -1;
      }
    });
    if (!env_error.empty()) throw error("arch", env_error);
    int expected = -2;
    forced.compare_exchange_strong(expected, from_env);
    f = forced.load(std::memory_order_acquire);
  }
  return f >= 0 ? f : best_arch();
}

// ---- evaluation -------------------------------------------------------------------------

struct alignas(slot_bytes) slot {
  unsigned char bytes[slot_bytes];
};

template <class Real>
struct tape_job {
  tape_program const* prog;
  kernel_args<Real> base;
  void (*kernel)(kernel_args<Real> const&) noexcept;
  std::size_t points_per_block;
  std::size_t k;

  static void run(void* ctx, std::size_t pb, std::size_t pe, std::size_t, std::size_t) {
    auto* job = static_cast<tape_job*>(ctx);
    kernel_args<Real> a = job->base;
    scratch<slot> work(job->prog->code.size() + 2 * job->prog->entries + job->prog->n);
    a.work = work.data();
    a.p_begin = pb * job->points_per_block;
    a.p_end = std::min(pe * job->points_per_block, job->k);
    job->kernel(a);
  }
};

template <class Real>
void evaluate_tape(tape_program const& p, points_view<Real> const& x, outputs<Real> const& out,
                   Real const* weights, options const& opt) {
  check_points(x);
  if (x.n != p.n && x.k != 0)
    throw error("x", "points have dimension " + std::to_string(x.n) + ", the tape has " +
                         std::to_string(p.n));
  std::size_t const k = x.k, n = x.n;
  if (!out.value.empty() || out.value.data())
    check_vector("value", out.value.data(), out.value.size(), k);
  check_matrix("gradient", out.gradient, k, n);
  check_matrix("diagonal", out.diagonal, k, n);
  if (!out.laplacian.empty() || out.laplacian.data())
    check_vector("laplacian", out.laplacian.data(), out.laplacian.size(), k);
  int const threads = resolve_threads(opt);
  if (k == 0 || n == 0) return;

  int const arch = active_arch();
  tape_job<Real> job{};
  job.prog = &p;
  job.kernel = [&] {
    if constexpr (std::is_same_v<Real, double>)
      return arch_table[arch].f64;
    else
      return arch_table[arch].f32;
  }();
  job.k = k;
  // A multiple of every batch width; validated with the templated drivers' rule.
  job.points_per_block = points_per_task(opt.block_points, 64, 16, k);

  kernel_args<Real>& a = job.base;
  a.code = p.code.data();
  a.ncode = p.code.size();
  a.args = p.args.data();
  a.dep_begin = p.dep_begin.data();
  a.dep_count = p.dep_count.data();
  a.dep_input = p.dep_input.data();
  a.map_begin = p.map_begin.data();
  a.map = p.map.data();
  a.n = n;
  a.entries = p.entries;
  a.x = x.data;
  a.x_ps = x.point_stride;
  a.x_cs = x.coord_stride;
  a.value = out.value.empty() ? nullptr : out.value.data();
  a.value_s = 1;
  a.grad = out.gradient.empty() ? nullptr : out.gradient.data;
  a.grad_rs = out.gradient.row_stride;
  a.grad_cs = out.gradient.col_stride;
  a.diag = out.diagonal.empty() ? nullptr : out.diagonal.data;
  a.diag_rs = out.diagonal.row_stride;
  a.diag_cs = out.diagonal.col_stride;
  a.lap = out.laplacian.empty() ? nullptr : out.laplacian.data();
  a.lap_s = 1;
  a.weights = weights;
  a.derivs = a.grad || a.diag || a.lap;

  std::size_t const npb = blocks_covering(k, job.points_per_block);
  parallel_for_2d(npb, 1, threads, &job, &tape_job<Real>::run);
}

template <class Real>
diagonal_result<Real> diagonal_tape(tape_program const& p, points_view<Real> const& x,
                                    options const& opt) {
  check_points(x);
  diagonal_result<Real> r{x.k, x.n, std::vector<Real>(x.k), std::vector<Real>(x.k * x.n),
                          std::vector<Real>(x.k * x.n)};
  evaluate_tape<Real>(p, x,
                      outputs<Real>{r.value,
                                    matrix_ref<Real>::row_major(r.gradient.data(), x.k, x.n),
                                    matrix_ref<Real>::row_major(r.diagonal.data(), x.k, x.n),
                                    {}},
                      nullptr, opt);
  return r;
}

template <class Real>
void weighted_tape(tape_program const& p, points_view<Real> const& x, std::span<Real const> a,
                   std::span<Real> out, options const& opt) {
  check_points(x);
  check_vector("weights", a.data(), a.size(), x.n);
  check_vector("out", out.data(), out.size(), x.k);
  for (Real ai : a)
    if (!std::isfinite(ai)) throw error("weights", "must be finite");
  evaluate_tape<Real>(p, x, outputs<Real>{{}, {}, {}, out}, a.data(), opt);
}

}  // namespace
}  // namespace detail

std::vector<std::string> tape_architectures() {
  std::vector<std::string> r;
  for (int a = 0; a < detail::arch_count; ++a)
    if (detail::cpu_supports(a)) r.emplace_back(detail::arch_table[a].name);
  return r;
}

std::string tape_architecture() {
  return detail::arch_table[detail::active_arch()].name;
}

void force_tape_architecture(std::string_view name) {
  detail::forced.store(detail::choose(name, "force_tape_architecture"), std::memory_order_release);
}

void tape::evaluate(points_view<double> const& x, outputs<double> const& out,
                    options const& opt) const {
  detail::evaluate_tape<double>(*program_, x, out, nullptr, opt);
}
void tape::evaluate(points_view<float> const& x, outputs<float> const& out,
                    options const& opt) const {
  detail::evaluate_tape<float>(*program_, x, out, nullptr, opt);
}
diagonal_result<double> tape::hessian_diagonal(points_view<double> const& x,
                                               options const& opt) const {
  return detail::diagonal_tape<double>(*program_, x, opt);
}
diagonal_result<float> tape::hessian_diagonal(points_view<float> const& x,
                                              options const& opt) const {
  return detail::diagonal_tape<float>(*program_, x, opt);
}
void tape::laplacian(points_view<double> const& x, std::span<double> out,
                     options const& opt) const {
  detail::check_vector("laplacian", out.data(), out.size(), x.k);
  evaluate(x, outputs<double>{{}, {}, {}, out}, opt);
}
void tape::laplacian(points_view<float> const& x, std::span<float> out, options const& opt) const {
  detail::check_vector("laplacian", out.data(), out.size(), x.k);
  evaluate(x, outputs<float>{{}, {}, {}, out}, opt);
}
void tape::weighted_laplacian(points_view<double> const& x, std::span<double const> a,
                              std::span<double> out, options const& opt) const {
  detail::weighted_tape<double>(*program_, x, a, out, opt);
}
void tape::weighted_laplacian(points_view<float> const& x, std::span<float const> a,
                              std::span<float> out, options const& opt) const {
  detail::weighted_tape<float>(*program_, x, a, out, opt);
}

}  // namespace taylordiag
