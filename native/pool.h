// The second core: one helper thread that sleeps on a condition variable (a futex) between
// products and never spins. A product is cut into tasks; the caller and the helper claim them
// from one atomic counter until none is left. If the helper has not woken by the time the caller
// has claimed the last task (the other core is busy), the caller withdraws the job and returns
// without waiting. If the helper joined but was then taken off its core mid-task (the caller
// waited over 0.5 ms for it), the next 64 products run on the caller alone: on a loaded machine
// two threads should not be slower than one. After a job the helper naps in short timed waits
// (20 of 100 µs) before sleeping until woken, so that postTasks need not wake it: on this VM the
// wake-up call costs the caller 32 µs once the helper's core is idle (pool.cc).
#pragma once

namespace kz {
typedef void (*TaskFn)(void* context, int task, int thread);
// Run tasks 0 … count-1 on the calling thread and, if it joins in time, the helper. Calls from
// several threads at once are safe: whoever finds the helper busy runs its tasks alone.
void runTasks(int count, TaskFn fn, void* context, bool twoThreads);
// The same tasks, but the caller goes on while the helper works on them (the next batch's gather
// during a training step): postTasks returns at once, joinTasks(token) runs whatever the helper
// has not started and waits for the rest. postTasks runs the tasks itself and returns false when
// the helper is taken; a true return must be joined. A runTasks of the same thread joins it first
// when the helper has finished it, and otherwise runs alone; joining twice is harmless.
bool postTasks(int count, TaskFn fn, void* context);
void joinTasks();
// Is the helper free of a job this thread posted (the next batch's gather)? Only then can a
// runTasks from this thread offer it tasks. (Products that run alone after a late helper are
// runTasks' own business: it counts them down as they come.)
bool helperFree();
// How many tasks the helper ran since the process started (for the bench and the specs).
long helperTasks();
}  // namespace kz
