// Minimal fork-join parallelism over index ranges on std::jthread. The engine's parallel work is
// coarse (a few large chunks per core), so a thread per chunk group is all it needs.
#pragma once

#include <cstddef>
#include <functional>

namespace winnow::core {

// The most worker threads any command starts (README "Limits"): the CLI rejects more, and
// ThreadCount caps what reaches it by other paths (winnow.toml) at this.
inline constexpr size_t kMaxThreads = 1024;

// Number of worker threads to use: `requested` if > 0 (at most kMaxThreads), else the hardware
// concurrency (>= 1).
size_t ThreadCount(size_t requested = 0);

// Calls fn(task) for task in [0, tasks) on up to `threads` threads and waits for all of them.
// The first exception thrown by any task is rethrown here after every thread has finished.
void ParallelFor(size_t tasks, size_t threads, const std::function<void(size_t)>& fn);

}  // namespace winnow::core
