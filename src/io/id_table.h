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
  // The same with the slot key already made by MakeKey(id, hash, key).
  uint32_t InternKey(const uint8_t* key, uint64_t hash, std::string_view id);
  // The 12-byte slot key of an id: its length and bytes when it has at most kInlineBytes,
  // else kLongKey and a hash tag. Ids with equal keys are equal when short.
  static void MakeKey(std::string_view id, uint64_t hash, uint8_t* key);
  // The index of `id`, or kNotFound. Rebuilds the look-up structure first if it was released or
  // never built (not safe to call from several threads then).
  uint32_t Find(std::string_view id) const;
  // A table of the ids in `arena` delimited by `offsets` (size + 1 entries, offsets[0] = 0), in
  // that order; the look-up structure is built on first use.
  static IdTable FromArena(std::vector<char> arena, std::vector<uint64_t> offsets);
  void Prefetch(uint64_t hash) const { __builtin_prefetch(slots_.data() + (hash & mask_)); }

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
  // Frees the look-up structure after ingestion; Get() keeps working, Find() rebuilds it.
  void ReleaseLookup();
  // Total bytes of all ids.
  size_t KeyBytes() const { return arena_.size(); }
  size_t MemoryBytes() const;

  static constexpr uint32_t kNotFound = 0xffffffffu;

 private:
  void Grow(size_t capacity);
  void BuildLookup() const;
  uint64_t Probe(std::string_view id, uint64_t hash, const uint8_t* key) const;  // slot position

  mutable std::vector<Slot> slots_;
  mutable uint64_t mask_ = 0;
  std::vector<char> arena_;
  std::vector<uint64_t> offsets_;  // size() + 1 entries
};

}  // namespace winnow::io
