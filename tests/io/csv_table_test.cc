// The summary-table reader: kept columns, typed parsing, errors with line and column.
#include "io/csv_table.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "test_util.h"

namespace winnow::io {
namespace {

using winnow::testing::TempDir;

TEST(CsvTable, KeepsWantedColumnsTypedAndAcrossBlocks) {
  TempDir dir;
  std::string text = "\xEF\xBB\xBF" "customer_id,notes,frequency,T\r\n";
  for (int k = 0; k < 300000; ++k) text += "C" + std::to_string(k) + ",\"a, \"\"quoted\"\"\nnote\"," + std::to_string(k % 7) + ",40.5\r\n";
  const std::string path = dir.Write("s.csv", text);
  const CsvTable table = CsvTable::Read(path, {"customer_id", "frequency", "T"});
  ASSERT_EQ(table.rows(), 300000u);
  EXPECT_TRUE(table.Has("frequency"));
  EXPECT_FALSE(table.Has("notes"));
  const std::vector<double> frequency = table.Numbers("frequency");
  EXPECT_EQ(frequency[299999], 299999 % 7);
  EXPECT_EQ(table.Strings("customer_id")[123456], "C123456");
  EXPECT_EQ(table.Numbers("T")[5], 40.5);
}

TEST(CsvTable, BadNumberNamesLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("s.csv", "customer_id,frequency,T\nA,1,10\n\"B\nb\",2,ten\n");
  try {
    CsvTable::Read(path, {"customer_id", "frequency", "T"});
    FAIL() << "expected an error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.kind(), core::ErrorKind::kInput);
    EXPECT_EQ(e.Headline(), path + ":3:3: column \"T\": cannot parse \"ten\" as a number");
  }
}

TEST(CsvTable, MissingColumnAndEmptyFile) {
  TempDir dir;
  const std::string path = dir.Write("s.csv", "customer_id,frequncy\nA,1\n");
  const CsvTable table = CsvTable::Read(path, {"customer_id", "frequency"});
  try {
    table.Require({"frequency"});
    FAIL() << "expected an error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.hint(), "did you mean \"frequncy\"?");
  }
  const std::string empty = dir.Write("e.csv", "");
  EXPECT_THROW(CsvTable::Read(empty), core::Error);
}

}  // namespace
}  // namespace winnow::io
