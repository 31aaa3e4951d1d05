#include "io/id_table.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace winnow::io {
namespace {

uint32_t Intern(IdTable& table, std::string_view id) { return table.Intern(id, IdTable::Hash(id)); }

TEST(IdTable, StartsEmpty) {
  IdTable table;
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find("C1"), IdTable::kNotFound);
  EXPECT_EQ(table.Find(""), IdTable::kNotFound);
}

TEST(IdTable, InternGivesDenseIndicesInFirstAppearanceOrder) {
  IdTable table;
  EXPECT_EQ(Intern(table, "banana"), 0u);
  EXPECT_EQ(Intern(table, "apple"), 1u);
  EXPECT_EQ(Intern(table, "banana"), 0u);
  EXPECT_EQ(Intern(table, "cherry"), 2u);
  EXPECT_EQ(Intern(table, "apple"), 1u);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.Get(0), "banana");
  EXPECT_EQ(table.Get(1), "apple");
  EXPECT_EQ(table.Get(2), "cherry");
}

TEST(IdTable, FindDoesNotInsert) {
  IdTable table;
  Intern(table, "a");
  Intern(table, "b");
  EXPECT_EQ(table.Find("a"), 0u);
  EXPECT_EQ(table.Find("b"), 1u);
  EXPECT_EQ(table.Find("c"), IdTable::kNotFound);
  EXPECT_EQ(table.Find("A"), IdTable::kNotFound);
  EXPECT_EQ(table.size(), 2u);
}

TEST(IdTable, DistinguishesPrefixesAndLengths) {
  IdTable table;
  const std::vector<std::string> ids = {"", "a", "aa", "aaa", "aaaa", "aaaaaaa", "aaaaaaaa",
                                        "aaaaaaaaa", "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaa", "ab", "ba"};
  for (size_t k = 0; k < ids.size(); ++k) EXPECT_EQ(Intern(table, ids[k]), k) << ids[k];
  for (size_t k = 0; k < ids.size(); ++k) {
    EXPECT_EQ(table.Find(ids[k]), k) << ids[k];
    EXPECT_EQ(table.Get(static_cast<uint32_t>(k)), ids[k]);
  }
}

TEST(IdTable, EmbeddedNulBytes) {
  IdTable table;
  const std::string a("x\0y", 3);
  const std::string b("x\0z", 3);
  const std::string c("x", 1);
  const std::string d(std::string(20, '\0') + "tail");
  EXPECT_EQ(Intern(table, a), 0u);
  EXPECT_EQ(Intern(table, b), 1u);
  EXPECT_EQ(Intern(table, c), 2u);
  EXPECT_EQ(Intern(table, d), 3u);
  EXPECT_EQ(Intern(table, std::string("x\0y", 3)), 0u);
  EXPECT_EQ(table.Get(0), a);
  EXPECT_EQ(table.Get(0).size(), 3u);
  EXPECT_EQ(table.Get(3), d);
  EXPECT_EQ(table.Find(std::string("x\0", 2)), IdTable::kNotFound);
}

TEST(IdTable, LongAndUtf8Ids) {
  IdTable table;
  const std::string long_a = std::string(100, 'q') + "A";
  const std::string long_b = std::string(100, 'q') + "B";
  const std::string utf8 = "Kund\xC3\xB8r-\xE6\x9D\xB1\xE4\xBA\xAC-\xF0\x9F\x98\x80";  // ø, 東京, 😀
  const std::string very_long(5000, 'z');
  EXPECT_EQ(Intern(table, long_a), 0u);
  EXPECT_EQ(Intern(table, long_b), 1u);
  EXPECT_EQ(Intern(table, utf8), 2u);
  EXPECT_EQ(Intern(table, very_long), 3u);
  EXPECT_EQ(Intern(table, long_b), 1u);
  EXPECT_EQ(table.Get(0), long_a);
  EXPECT_EQ(table.Get(1), long_b);
  EXPECT_EQ(table.Get(2), utf8);
  EXPECT_EQ(table.Get(3), very_long);
  EXPECT_EQ(table.Find(utf8), 2u);
}

TEST(IdTable, GrowsThroughManyRehashes) {
  IdTable table;
  constexpr uint32_t kIds = 200000;
  auto id = [](uint32_t k) { return fmt::format("customer-{}", k * 7919u % 1000003u); };
  for (uint32_t k = 0; k < kIds; ++k) ASSERT_EQ(Intern(table, id(k)), k);
  EXPECT_EQ(table.size(), kIds);
  // Every id still found at its index after the rehashes, and interning again adds nothing.
  for (uint32_t k = 0; k < kIds; ++k) {
    ASSERT_EQ(table.Find(id(k)), k);
    ASSERT_EQ(table.Get(k), id(k));
  }
  for (uint32_t k = 0; k < kIds; k += 97) ASSERT_EQ(Intern(table, id(k)), k);
  EXPECT_EQ(table.size(), kIds);
  EXPECT_EQ(table.Find("customer-missing"), IdTable::kNotFound);
  EXPECT_GT(table.MemoryBytes(), size_t{kIds} * 8);
}

TEST(IdTable, ReserveKeepsExistingIds) {
  IdTable table;
  for (int k = 0; k < 1000; ++k) Intern(table, fmt::format("id{}", k));
  table.Reserve(100000);
  for (int k = 0; k < 1000; ++k) ASSERT_EQ(table.Find(fmt::format("id{}", k)), static_cast<uint32_t>(k));
  EXPECT_EQ(Intern(table, "new"), 1000u);
}

TEST(IdTable, GetWorksAfterReleaseLookup) {
  IdTable table;
  Intern(table, "first");
  Intern(table, "second");
  const size_t before = table.MemoryBytes();
  table.ReleaseLookup();
  EXPECT_LT(table.MemoryBytes(), before);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Get(0), "first");
  EXPECT_EQ(table.Get(1), "second");
}

TEST(IdTable, HashIsDeterministicAndSpreads) {
  EXPECT_EQ(IdTable::Hash("C0001"), IdTable::Hash(std::string("C0001")));
  std::unordered_set<uint64_t> hashes;
  std::unordered_set<uint64_t> low_bits;
  for (int k = 0; k < 10000; ++k) {
    const uint64_t h = IdTable::Hash(fmt::format("C{}", k));
    hashes.insert(h);
    low_bits.insert(h & 0xffff);
  }
  EXPECT_EQ(hashes.size(), 10000u);
  // 10,000 keys into 65,536 buckets: about 9,300 distinct expected; a poor mix gives far fewer.
  EXPECT_GT(low_bits.size(), 8500u);
}

// Regression (fuzz/corpus/csv_table/regress_empty_id_*): an empty id (a default string_view,
// whose data() is null) was copied with memcpy from a null pointer.
TEST(IdTable, EmptyIdIsAnIdLikeAnyOther) {
  IdTable table;
  const std::string_view empty;
  EXPECT_EQ(table.Intern(empty, IdTable::Hash(empty)), 0u);
  EXPECT_EQ(table.Intern("a", IdTable::Hash("a")), 1u);
  EXPECT_EQ(table.Intern("", IdTable::Hash("")), 0u);
  EXPECT_EQ(table.Find(empty), 0u);
  EXPECT_EQ(table.Get(0), "");
}

}  // namespace
}  // namespace winnow::io
