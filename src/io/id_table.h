// Interned customer ids: each distinct UTF-8 id gets a dense 32-bit index in order of first
// appearance. Hand-written open addressing (a measured hot path: tens of millions of look-ups per
// run, see bench/README.md): 16-byte slots holding the index and, for ids of up to 11 bytes (the
// usual case), the id itself, so that a look-up touches one cache line; longer ids keep a hash
// tag in the slot and are compared in the key arena. Linear probing, load factor at most 3/4,
// and a Prefetch() for batched look-ups.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>
#include "core/big_vector.h"

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

  // A slot: index + 1 (0: empty), then the key: length byte and up to 11 bytes inline, or
  // kLongKey and a 32-bit hash tag.
  struct Slot {
    uint32_t index_plus_1;
    uint8_t key[12];
  };
  static constexpr uint8_t kLongKey = 0xff;
  static constexpr size_t kInlineBytes = 11;
  // Prepares for about n ids.
  void Reserve(size_t n);
  // Frees the look-up structure after ingestion; Get() keeps working, Intern/Find do not.
  void ReleaseLookup();
  size_t MemoryBytes() const;

  static constexpr uint32_t kNotFound = 0xffffffffu;

 private:
  void Grow(size_t capacity);
  static void MakeKey(std::string_view id, uint64_t hash, uint8_t* key);
  uint64_t Probe(std::string_view id, uint64_t hash, const uint8_t* key) const;  // slot position

  core::BigVector<Slot> slots_;
  uint64_t mask_ = 0;
  core::BigVector<char> arena_;
  core::BigVector<uint64_t> offsets_;  // size() + 1 entries
};

}  // namespace winnow::io
