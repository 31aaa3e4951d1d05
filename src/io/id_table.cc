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

// The slots come with the first id (InternKey builds them): a table that stays empty costs no
// look-up memory (the reader keeps 256 of them).
IdTable::IdTable() { offsets_.push_back(0); }

void IdTable::Reserve(size_t n) {
  offsets_.reserve(n + 1);
  const size_t capacity = std::bit_ceil(std::max<size_t>(n + n / 2, 1024));
  if (capacity > slots_.size()) Grow(capacity);
}

void IdTable::MakeKey(std::string_view id, uint64_t hash, uint8_t* key) {
  std::memset(key, 0, 12);
  if (id.size() <= kInlineBytes) {
    key[0] = static_cast<uint8_t>(id.size());
    if (!id.empty()) std::memcpy(key + 1, id.data(), id.size());  // an empty view's data() may be null
  } else {
    key[0] = kLongKey;
    const auto tag = static_cast<uint32_t>(hash >> 32);
    std::memcpy(key + 1, &tag, 4);
  }
}

uint64_t IdTable::Probe(std::string_view id, uint64_t hash, const uint8_t* key) const {
  uint64_t want_lo, probe_lo;
  uint32_t want_hi, probe_hi;
  std::memcpy(&want_lo, key, 8);
  std::memcpy(&want_hi, key + 8, 4);
  for (uint64_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
    const Slot& slot = slots_[pos];
    if (slot.index_plus_1 == 0) return pos;
    std::memcpy(&probe_lo, slot.key, 8);
    std::memcpy(&probe_hi, slot.key + 8, 4);
    if (probe_lo == want_lo && probe_hi == want_hi &&
        (key[0] != kLongKey || Get(slot.index_plus_1 - 1) == id)) {
      return pos;
    }
  }
}

void IdTable::Grow(size_t capacity) {
  // Reinserts by scanning the old slots in order: inline keys are rehashed from the slot itself,
  // so only long keys touch the arena.
  std::vector<Slot> old(capacity, Slot{0, {}});
  old.swap(slots_);
  mask_ = capacity - 1;
  for (const Slot& slot : old) {
    if (slot.index_plus_1 == 0) continue;
    const uint64_t hash = slot.key[0] == kLongKey
                              ? Hash(Get(slot.index_plus_1 - 1))
                              : Hash(std::string_view(reinterpret_cast<const char*>(slot.key + 1), slot.key[0]));
    uint64_t pos = hash & mask_;
    while (slots_[pos].index_plus_1 != 0) pos = (pos + 1) & mask_;
    slots_[pos] = slot;
  }
}

IdTable IdTable::FromArena(std::vector<char> arena, std::vector<uint64_t> offsets) {
  IdTable table;
  table.arena_ = std::move(arena);
  table.offsets_ = std::move(offsets);
  table.ReleaseLookup();
  return table;
}

void IdTable::BuildLookup() const {
  const size_t capacity = std::bit_ceil(std::max<size_t>(size_t{size()} * 2, 1024));
  slots_.assign(capacity, Slot{0, {}});
  mask_ = capacity - 1;
  uint8_t key[12];
  for (uint32_t index = 0; index < size(); ++index) {
    const std::string_view id = Get(index);
    const uint64_t hash = Hash(id);
    MakeKey(id, hash, key);
    uint64_t pos = hash & mask_;
    while (slots_[pos].index_plus_1 != 0) pos = (pos + 1) & mask_;
    slots_[pos].index_plus_1 = index + 1;
    std::memcpy(slots_[pos].key, key, 12);
  }
}

uint32_t IdTable::Find(std::string_view id) const {
  if (slots_.empty()) BuildLookup();
  const uint64_t hash = Hash(id);
  uint8_t key[12];
  MakeKey(id, hash, key);
  const Slot& slot = slots_[Probe(id, hash, key)];
  return slot.index_plus_1 == 0 ? kNotFound : slot.index_plus_1 - 1;
}

uint32_t IdTable::Intern(std::string_view id, uint64_t hash) {
  uint8_t key[12];
  MakeKey(id, hash, key);
  return InternKey(key, hash, id);
}

uint32_t IdTable::InternKey(const uint8_t* key, uint64_t hash, std::string_view id) {
  if (slots_.empty()) BuildLookup();
  const uint64_t pos = Probe(id, hash, key);
  Slot& slot = slots_[pos];
  if (slot.index_plus_1 != 0) return slot.index_plus_1 - 1;
  const uint32_t index = size();
  arena_.insert(arena_.end(), id.begin(), id.end());
  offsets_.push_back(arena_.size());
  slot.index_plus_1 = index + 1;
  std::memcpy(slot.key, key, 12);
  if (static_cast<uint64_t>(size()) * 4 > slots_.size() * 3) Grow(slots_.size() * 2);
  return index;
}

void IdTable::ReleaseLookup() {
  std::vector<Slot>().swap(slots_);
  mask_ = 0;
}

size_t IdTable::MemoryBytes() const {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() + offsets_.capacity() * 8;
}

}  // namespace winnow::io
