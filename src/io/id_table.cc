#include "io/id_table.h"

#include <bit>

namespace winnow::io {

namespace {

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
// 64x64 -> 128 bit multiply folded to 64 bits: the mixing step of multiply-based hashes.
inline uint64_t Mix(uint64_t a, uint64_t b) {
  const __uint128_t product = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

constexpr uint64_t kK0 = 0x9e3779b97f4a7c15ull;
constexpr uint64_t kK1 = 0xbf58476d1ce4e5b9ull;
constexpr uint64_t kK2 = 0x94d049bb133111ebull;

}  // namespace

uint64_t IdTable::Hash(std::string_view id) {
  const char* p = id.data();
  size_t n = id.size();
  uint64_t h = kK0 ^ (n * kK1);
  while (n > 16) {
    h = Mix(Load64(p) ^ kK1 ^ h, Load64(p + 8) ^ kK2);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = Load64(p);
    b = Load64(p + n - 8);
  } else if (n >= 4) {
    a = Load32(p);
    b = Load32(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
        (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  h = Mix(a ^ kK1 ^ h, b ^ kK2 ^ n);
  return Mix(h, kK0);
}

IdTable::IdTable() {
  offsets_.push_back(0);
  Grow(1024);
}

void IdTable::Reserve(size_t n) {
  offsets_.reserve(n + 1);
  size_t capacity = std::bit_ceil(std::max<size_t>(n * 2, 1024));
  if (capacity > slots_.size()) Grow(capacity);
}

void IdTable::Grow(size_t capacity) {
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (uint32_t index = 0; index < size(); ++index) {
    const uint64_t hash = Hash(Get(index));
    uint64_t slot = hash & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = ((hash >> 32) << 32) | (static_cast<uint64_t>(index) + 1);
  }
}

uint32_t IdTable::Find(std::string_view id) const {
  const uint64_t hash = Hash(id);
  const uint64_t tag = hash >> 32;
  for (uint64_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const uint64_t entry = slots_[slot];
    if (entry == 0) return kNotFound;
    if ((entry >> 32) == tag) {
      const auto index = static_cast<uint32_t>(entry - 1);
      if (Get(index) == id) return index;
    }
  }
}

uint32_t IdTable::Intern(std::string_view id, uint64_t hash) {
  const uint64_t tag = hash >> 32;
  uint64_t slot = hash & mask_;
  for (;; slot = (slot + 1) & mask_) {
    const uint64_t entry = slots_[slot];
    if (entry == 0) break;
    if ((entry >> 32) == tag) {
      const auto index = static_cast<uint32_t>(entry);
      const uint32_t found = index - 1;
      if (Get(found) == id) return found;
    }
  }
  const uint32_t index = size();
  arena_.insert(arena_.end(), id.begin(), id.end());
  offsets_.push_back(arena_.size());
  slots_[slot] = (tag << 32) | (static_cast<uint64_t>(index) + 1);
  if (static_cast<uint64_t>(size()) * 2 > slots_.size()) Grow(slots_.size() * 2);
  return index;
}

void IdTable::ReleaseLookup() {
  std::vector<uint64_t>().swap(slots_);
  mask_ = 0;
}

size_t IdTable::MemoryBytes() const {
  return slots_.capacity() * 8 + arena_.capacity() + offsets_.capacity() * 8;
}

}  // namespace winnow::io
