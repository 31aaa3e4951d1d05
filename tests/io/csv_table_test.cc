// The summary-table reader: kept columns, typed parsing, errors with line and column.
#include "io/csv_table.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "test_util.h"

namespace winnow::io {
namespace {

using core::ErrorKind;
using winnow::testing::ExpectError;
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
  ExpectError([&] { CsvTable::Read(path, {"customer_id", "frequency", "T"}); }, ErrorKind::kInput,
              {.headline = path + ":3:3: column \"T\": cannot parse \"ten\" as a number"});
}

TEST(CsvTable, MissingColumnAndEmptyFile) {
  TempDir dir;
  const std::string path = dir.Write("s.csv", "customer_id,frequncy\nA,1\n");
  const CsvTable table = CsvTable::Read(path, {"customer_id", "frequency"});
  ExpectError([&] { table.Require({"frequency"}); }, ErrorKind::kInput, {.hint = "did you mean \"frequncy\"?"});
  const std::string empty = dir.Write("e.csv", "");
  ExpectError([&] { CsvTable::Read(empty); }, ErrorKind::kInput);
}

// Regression (issue 10): invalid UTF-8 in the customers table was accepted and later made the
// API answer 500. Text cells and header names must be UTF-8 and at most kMaxTableTextBytes.
TEST(CsvTable, TextMustBeUtf8) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv", "customer_id,name\nA,Anna\nB\xff,Bert\n");
  ExpectError([&] { CsvTable::Read(path, {"customer_id", "name"}, {"customer_id", "name"}); }, ErrorKind::kInput,
              {.rendered = path + ":3:1: column \"customer_id\": \"B\\xff\" is not valid UTF-8 (byte 0xff at offset 1)\n"
                                  "  3 | B\\xff,Bert\n"
                                  "hint: convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"});
  const std::string header = dir.Write("header.csv", "customer_id,na\xc3me\nA,x\n");
  ExpectError([&] { CsvTable::Read(header); }, ErrorKind::kInput,
              {.headline = header + ":1:2: \"na\\xc3me\" is not valid UTF-8 (byte 0xc3 at offset 2)"});
  // A column not kept is not looked at; a numeric one fails as a number.
  EXPECT_EQ(CsvTable::Read(path, {"name"}, {"name"}).rows(), 2u);
}

TEST(CsvTable, TextAndRecordLengthLimits) {
  TempDir dir;
  const std::string path = dir.Write("long.csv", "customer_id,name\nA," + std::string(kMaxTableTextBytes + 1, 'n') + "\n");
  ExpectError([&] { CsvTable::Read(path, {"customer_id", "name"}, {"customer_id", "name"}); }, ErrorKind::kInput,
              {.headline = path + ":2:2: column \"name\": the text is 4097 bytes long; at most 4096 are allowed"});
  const std::string record = dir.Write("record.csv", "customer_id,notes\nA,\"" + std::string(kMaxTableRecordBytes, 'n') + "\"\n");
  ExpectError([&] { CsvTable::Read(record, {"customer_id"}); }, ErrorKind::kInput,
              {.headline = record + ":2: the record is 1048581 bytes long; at most 1048576 (1 MiB) are accepted"});
  const std::string endless = dir.Write("endless.csv", "customer_id\n\"" + std::string(20u << 20, 'n'));
  ExpectError([&] { CsvTable::Read(endless); }, ErrorKind::kInput,
              {.headline = endless + ":2: a record is longer than 1048576 (1 MiB)"});
}

}  // namespace
}  // namespace winnow::io
