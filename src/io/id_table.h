// Interned customer ids: each distinct UTF-8 id gets a dense 32-bit index in order of first
// appearance. Hand-written open addressing (a measured hot path: tens of millions of look-ups per
// run, see bench/README.md): 8-byte slots holding a 32-bit hash tag and the index, linear
// probing, keys in one contiguous arena, and a Prefetch() for batched look-ups.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace winnow::io {

class IdTable {
 public:
  IdTable();

  static uint64_t Hash(std::string_view id);

  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  std::string_view Get(uint32_t index) const {
    return {arena_.data() + offsets_[index], static_cast<size_t>(offsets_[index + 1] - offsets_[index])};
  }
  // The index of `id`, inserting it if new; `hash` must be Hash(id).
  uint32_t Intern(std::string_view id, uint64_t hash);
  // The index of `id`, or kNotFound.
  uint32_t Find(std::string_view id) const;
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  // Prepares for about n ids.
  void Reserve(size_t n);
  // Frees the look-up structure after ingestion; Get() keeps working, Intern/Find do not.
  void ReleaseLookup();
  size_t MemoryBytes() const;

  static constexpr uint32_t kNotFound = 0xffffffffu;

 private:
  void Grow(size_t capacity);

  std::vector<uint64_t> slots_;  // (tag << 32) | (index + 1); 0 is empty
  uint64_t mask_ = 0;
  std::vector<char> arena_;
  std::vector<uint64_t> offsets_;  // size() + 1 entries
};

}  // namespace winnow::io
