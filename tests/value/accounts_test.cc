// The customers table (accounts): parents and the roll-up of values to them, its errors with line and
// column, ids shared with the log, and a parent level from a column of the log or the table.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "io/transactions.h"
#include "test_util.h"
#include "value/accounts.h"

namespace winnow::value {
namespace {

using core::ErrorKind;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

TEST(Accounts, RollsValuesUpToParentsAndOnUp) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,name,type,region,owner,parent_id,potential\n"
                                     "H1,Hospital 1,hospital,North,rep1,CH,1000\n"
                                     "H2,Hospital 2,hospital,North,rep1,CH,\n"
                                     "CH,Chain,hospital_chain,North,rep1,NAT,\n"
                                     "P1,\"Praxis, Dr. A\",practice,South,rep2,PG,200\n"
                                     "PG,Group,purchasing_group,South,rep2,NAT,5000\n"
                                     "NAT,National,national_group,,,,\n"
                                     "X,Alone,pharmacy,East,rep3,,50\n");
  const AccountTable t = ReadAccountTable(path, false);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t.name[3], "Praxis, Dr. A");
  EXPECT_TRUE(std::isnan(t.potential[1]));
  EXPECT_EQ(t.potential[4], 5000);
  const AccountTree tree = BuildAccountTree(t);
  EXPECT_EQ(tree.depth, std::vector<uint32_t>({2, 2, 1, 2, 1, 0, 0}));
  EXPECT_EQ(tree.children, std::vector<uint32_t>({0, 0, 2, 0, 1, 2, 0}));
  const std::vector<double> own = {1, 2, 0, 4, 0, 0, 8};
  const std::vector<double> up = RollUp(tree, own);
  EXPECT_EQ(up, std::vector<double>({1, 2, 3, 4, 4, 7, 8}));
}

TEST(Accounts, UnknownParentIsAnErrorWithLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,name,parent_id\n"
                                     "A,a,\n"
                                     "GROUP1,g,\n"
                                     "B,b,GRUOP1\n");
  ExpectError([&] { BuildAccountTree(ReadAccountTable(path, false)); }, ErrorKind::kInput,
              {.headline = path + ":4:3: column \"parent_id\": parent \"GRUOP1\" of customer \"B\" is not a "
                                  "customer_id of this table",
               .hint = "did you mean \"GROUP1\"?"});
}

TEST(Accounts, CycleIsAnErrorNamingTheChain) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,parent_id\n"
                                     "A,B\n"
                                     "B,C\n"
                                     "C,A\n"
                                     "D,A\n");
  ExpectError([&] { BuildAccountTree(ReadAccountTable(path, false)); }, ErrorKind::kInput,
              {.message_has = "the parents form a cycle: A -> B -> C -> A"});
}

TEST(Accounts, BadPotentialAndDuplicateIdsAreErrors) {
  TempDir dir;
  const std::string bad = dir.Write("bad.csv", "customer_id,potential\nA,12x\n");
  ExpectError([&] { ReadAccountTable(bad, false); }, ErrorKind::kInput,
              {.headline = bad + ":2:2: column \"potential\": cannot read \"12x\" as a potential: expected a "
                                 "number >= 0 (annual revenue) or an empty cell"});
  const std::string twice = dir.Write("twice.csv", "customer_id,name\nA,x\nB,y\nA,z\n");
  ExpectError([&] { ReadAccountTable(twice, false); }, ErrorKind::kInput,
              {.headline = twice + ":4:1: column \"customer_id\": customer \"A\" is listed twice (first on line 2)"});
}


TEST(Accounts, FewSharedIdsIsAnErrorShowingBothSpellings) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv", "customer_id,name\nC00017,a\nC00018,b\nC00019,c\nC00020,d\n");
  const AccountTable t = ReadAccountTable(path, false);
  ExpectError([&] { CheckSharedIds(t, {"17.0", "18.0", "19.0", "99.0"}, "the log (orders.csv)"); }, ErrorKind::kInput,
              {.rendered = path + ":2:1: column \"customer_id\": only 0 of the 4 customers of the log (orders.csv) are in this table "
                   "(4 accounts without children): the two spell their ids differently\n"
                   "  2 | C00017,a\n"
                   "hint: ids are matched exactly, as text: the table has \"C00017\", \"C00018\", \"C00019\"; the log "
                   "has \"17.0\", \"18.0\", \"19.0\". Read loosely (digits only, without leading zeros or a \".0\" "
                   "tail, or ignoring case), 3 would match, e.g. \"17.0\" in the log and \"C00017\" in the table: write "
                   "the ids the same way in both"});
}

TEST(Accounts, ATableOfKeyAccountsOnlyOrWithProspectsSharesEnoughIds) {
  TempDir dir;
  std::vector<std::string> log_ids;
  for (int k = 0; k < 1000; ++k) log_ids.push_back("C" + std::to_string(k));
  // Two key accounts of a log of 1,000 customers.
  const AccountTable keys = ReadAccountTable(dir.Write("keys.csv", "customer_id,parent_id\nC1,G\nC2,G\nG,\n"), false);
  EXPECT_NO_THROW(CheckSharedIds(keys, log_ids, "the log"));
  // 100 of the log's customers and 400 prospects: a quarter of the table's accounts buy.
  std::string text = "customer_id\n";
  for (int k = 0; k < 500; ++k) text += (k < 100 ? "C" : "P") + std::to_string(k) + "\n";
  EXPECT_NO_THROW(CheckSharedIds(ReadAccountTable(dir.Write("mixed.csv", text), false), log_ids, "the log"));
  // One match in 500 is too few.
  text = "customer_id\nC1\n";
  for (int k = 0; k < 499; ++k) text += "P" + std::to_string(k) + "\n";
  ExpectError([&] { CheckSharedIds(ReadAccountTable(dir.Write("few.csv", text), false), log_ids, "the log"); },
              ErrorKind::kInput,
              {.message_has = "only 1 of the 1000 customers of the log are in this table (500 accounts without children)"});
}

// A log as the reader builds it with ReadOptions::group_col (the country of each row).
io::TransactionLog LogWithCountries(const std::vector<std::pair<std::string, std::string>>& rows) {
  io::TransactionLog log;
  for (const auto& [id, country] : rows) {
    log.customer.push_back(log.ids.Intern(id, io::IdTable::Hash(id)));
    log.day.push_back(0);
    const auto found = std::find(log.group_names.begin(), log.group_names.end(), country);
    if (country.empty()) {
      log.group.push_back(io::TransactionLog::kNoGroup);
    } else if (found == log.group_names.end()) {
      log.group.push_back(static_cast<uint32_t>(log.group_names.size()));
      log.group_names.push_back(country);
    } else {
      log.group.push_back(static_cast<uint32_t>(found - log.group_names.begin()));
    }
  }
  return log;
}

TEST(Accounts, ParentLevelFromAColumnOfTheLog) {
  const io::TransactionLog log =
      LogWithCountries({{"A", "France"}, {"B", "Spain"}, {"A", "France"}, {"C", ""}, {"D", "Spain"}, {"D", "France"}});
  AccountTable t;
  const std::vector<std::string> notes = AddParentLevelFrom(log, {"A", "B", "C", "D"}, "Country", &t);
  EXPECT_EQ(notes, std::vector<std::string>{"1 customers have more than one Country in the log: each is placed under the first"});
  EXPECT_EQ(t.id, (std::vector<std::string>{"A", "B", "C", "D", "France", "Spain"}));
  EXPECT_EQ(t.parent_id, (std::vector<std::string>{"France", "Spain", "", "Spain", "", ""}));
  EXPECT_EQ(t.type[4], "Country");
  EXPECT_EQ(t.name[5], "Spain");
  const AccountTree tree = BuildAccountTree(t);
  EXPECT_EQ(tree.children, std::vector<uint32_t>({0, 0, 0, 0, 1, 2}));
  EXPECT_EQ(RollUp(tree, {1, 2, 4, 8, 0, 0}), std::vector<double>({1, 2, 4, 8, 1, 10}));
}

TEST(Accounts, ParentLevelFromAColumnOfTheCustomersTable) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,parent_id,country\n"
                                     "H1,CH,DE\n"  // keeps its chain; the chain gets the country
                                     "CH,,DE\n"
                                     "P1,,AT\n"
                                     "X,,\n");
  AccountTable t = ReadAccountTable(path, false, "country");
  ASSERT_TRUE(t.has_parent_column);
  const io::TransactionLog log = LogWithCountries({{"H1", "ignored"}, {"P1", ""}, {"N", "FR"}});
  EXPECT_TRUE(AddParentLevelFrom(log, {"H1", "P1", "N"}, "country", &t).empty());
  EXPECT_EQ(t.id, (std::vector<std::string>{"H1", "CH", "P1", "X", "N", "DE", "AT"}));
  EXPECT_EQ(t.parent_id, (std::vector<std::string>{"CH", "DE", "AT", "", "", "", ""}));
  EXPECT_EQ(BuildAccountTree(t).depth, std::vector<uint32_t>({2, 1, 1, 0, 0, 0, 0}));
}

TEST(Accounts, ParentLevelNeedsTheColumnAndValuesThatAreNotCustomerIds) {
  AccountTable t;
  const io::TransactionLog plain = LogWithCountries({});
  ExpectError([&] { AddParentLevelFrom(plain, {"A"}, "Country", &t); }, ErrorKind::kInput,
              {.rendered = "no column \"Country\" in the log for the parent level (input.parent_column)\n"
            "hint: name a column of the log or of the customers table whose values are the parents, e.g. a "
                           "country"});
  const io::TransactionLog log = LogWithCountries({{"A", "B"}, {"B", "X"}});
  ExpectError([&] { AddParentLevelFrom(log, {"A", "B"}, "Region", &t); }, ErrorKind::kInput,
              {.message_has = "Region \"B\" is also a customer id, so it cannot name a parent account"});
}

}  // namespace
}  // namespace winnow::value
