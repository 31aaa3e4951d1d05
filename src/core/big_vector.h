// Allocator for the engine's large arrays (one element per row or per customer): blocks of
// 2 MiB and more come straight from mmap with transparent huge pages requested
// (madvise(MADV_HUGEPAGE)), which cuts page faults and TLB misses on arrays of hundreds of MB;
// smaller blocks use the ordinary heap. Measured in bench/README.md.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace winnow::core {

template <typename T>
struct BigAllocator {
  using value_type = T;
  static constexpr size_t kThreshold = size_t{2} << 20;

  BigAllocator() = default;
  template <typename U>
  BigAllocator(const BigAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) {
      void* p = std::malloc(bytes == 0 ? 1 : bytes);
      if (p == nullptr) throw std::bad_alloc();
      return static_cast<T*>(p);
    }
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, bytes, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) {
      std::free(p);
    } else {
      ::munmap(p, bytes);
    }
  }
  template <typename U>
  bool operator==(const BigAllocator<U>&) const {
    return true;
  }
};

// A std::vector whose large buffers use huge pages.
template <typename T>
using BigVector = std::vector<T, BigAllocator<T>>;

}  // namespace winnow::core
