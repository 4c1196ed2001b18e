#include "pool.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kz {
namespace {

// state: IDLE → POSTED (caller) → JOINED (helper) → IDLE (helper, when it has no more tasks),
// or POSTED → WITHDRAWN (caller, when the helper never joined).
enum { IDLE, POSTED, JOINED, WITHDRAWN };

// Why the helper naps. On this VM waking a thread whose core has gone idle costs the waker 32 µs
// (the notify's system call and the interrupt that wakes the core; 6 µs if the core is still
// awake, 1 µs for a bare system call), measured over 2,000 wakes. That is as long as the gather of
// an MNIST batch, so a batch gathered on the helper was slower than one gathered by the caller.
// A helper that naps in short timed waits wakes itself (a timer), and postTasks then only stores
// the job. The cost: at most NAPS wake-ups of the helper's core per job, a few µs each. runTasks
// still wakes it at once: a product needs the helper now, and 32 µs is less than a nap.
constexpr auto NAP = std::chrono::microseconds(100);
constexpr int NAPS = 20;

struct Pool {
  std::mutex mu;                  // guards generation and the sleeping
  std::condition_variable wake;   // helper sleeps here between jobs
  std::condition_variable done;   // caller sleeps here until the helper leaves the job
  long generation = 0;
  std::atomic<int> state{IDLE};
  std::atomic<int> next{0};
  std::atomic<long> helped{0};
  int count = 0;
  TaskFn fn = nullptr;
  void* context = nullptr;
  std::mutex busy;                // one job at a time
  int alone = 0;                  // products to run on the caller alone (see runTasks), under busy

  bool napping = false;           // the helper is in a timed wait (under mu): see post()

  void helper() {
    long seen = 0;
    for (;;) {
      {
        // After a job, NAPS timed waits of NAP before sleeping until woken: a job posted with
        // postTasks meanwhile needs no wake-up call (see post), and the helper finds it within NAP.
        // Each is a blocking wait, not a spin: the core is free, and a busy core only delays it.
        std::unique_lock<std::mutex> lock(mu);
        for (int naps = 0; generation == seen && naps < NAPS; naps++) {
          napping = true;
          wake.wait_for(lock, NAP);
          napping = false;
        }
        wake.wait(lock, [&] { return generation != seen; });
        seen = generation;
      }
      int expected = POSTED;
      if (!state.compare_exchange_strong(expected, JOINED, std::memory_order_acq_rel)) continue;  // withdrawn
      for (int t; (t = next.fetch_add(1, std::memory_order_relaxed)) < count;) {
        fn(context, t, 1);
        helped.fetch_add(1, std::memory_order_relaxed);
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        state.store(IDLE, std::memory_order_release);
      }
      done.notify_one();
    }
  }
};

// A wait for the helper longer than this means it was descheduled (a task takes ~10–100 µs).
constexpr int LATE_US = 500;
constexpr int LATE_SKIP = 64;

Pool* pool() {
  // Never destroyed: the detached helper may sleep in it until the process exits.
  static Pool* p = [] {
    Pool* q = new Pool();
    std::thread([q] { q->helper(); }).detach();
    return q;
  }();
  return p;
}

// Hand the helper a job (the caller holds busy) and wake it — unless `now` is false and the helper
// naps, when it finds the job at its next timeout by itself.
void post(Pool* p, int count, TaskFn fn, void* context, bool now) {
  bool napping;
  {
    std::lock_guard<std::mutex> lock(p->mu);
    p->count = count;
    p->fn = fn;
    p->context = context;
    p->next.store(0, std::memory_order_relaxed);
    p->state.store(POSTED, std::memory_order_release);
    p->generation++;
    napping = p->napping;
  }
  if (now || !napping) p->wake.notify_one();
}

// This thread posted a job with postTasks and has not joined it yet.
thread_local bool posted = false;

}  // namespace

void runTasks(int count, TaskFn fn, void* context, bool twoThreads) {
  if (!twoThreads || count < 2) {
    for (int t = 0; t < count; t++) fn(context, t, 0);
    return;
  }
  Pool* p = pool();
  // A job this thread posted (the next batch's gather) holds the helper until joined: if the helper
  // has finished it, join it now and go on; if not, this product runs alone rather than wait.
  if (!helperFree()) {
    for (int t = 0; t < count; t++) fn(context, t, 0);
    return;
  }
  joinTasks();
  std::unique_lock<std::mutex> mine(p->busy, std::try_to_lock);
  if (!mine.owns_lock() || p->alone > 0) {
    if (mine.owns_lock()) p->alone--;
    for (int t = 0; t < count; t++) fn(context, t, 0);
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  post(p, count, fn, context, true);
  for (int t; (t = p->next.fetch_add(1, std::memory_order_relaxed)) < count;) fn(context, t, 0);
  int expected = POSTED;
  if (p->state.compare_exchange_strong(expected, WITHDRAWN, std::memory_order_acq_rel)) return;
  // The helper joined and is still in a task: wait for it. If that wait was long — over LATE_US
  // and longer than the caller's own share took, which a large product's last task alone cannot
  // explain — the scheduler took the helper off its core mid-task (the machine is busy); then the
  // next LATE_SKIP products run on the caller alone rather than risk that wait again. Results do
  // not change: a product's bytes are the same on one thread and two.
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(p->mu);
  p->done.wait(lock, [&] { return p->state.load(std::memory_order_acquire) == IDLE; });
  const auto waited = std::chrono::steady_clock::now() - t0;
  if (waited > std::chrono::microseconds(LATE_US) && waited > t0 - start) p->alone = LATE_SKIP;
}

bool postTasks(int count, TaskFn fn, void* context) {
  Pool* p = pool();
  if (count < 1 || !p->busy.try_lock()) {
    for (int t = 0; t < count; t++) fn(context, t, 0);
    return false;
  }
  // busy stays locked until joinTasks: no other job can take the helper meanwhile.
  post(p, count, fn, context, false);
  posted = true;
  return true;
}

void joinTasks() {
  if (!posted) return;  // nothing pending, or runTasks joined it already
  posted = false;
  Pool* p = pool();
  for (int t; (t = p->next.fetch_add(1, std::memory_order_relaxed)) < p->count;) p->fn(p->context, t, 0);
  int expected = POSTED;
  if (!p->state.compare_exchange_strong(expected, WITHDRAWN, std::memory_order_acq_rel)) {
    std::unique_lock<std::mutex> lock(p->mu);
    p->done.wait(lock, [&] { return p->state.load(std::memory_order_acquire) == IDLE; });
  }
  p->busy.unlock();
}

bool helperFree() {
  Pool* p = pool();
  return !(posted && p->state.load(std::memory_order_acquire) != IDLE);
}

long helperTasks() { return pool()->helped.load(); }

}  // namespace kz
