#include "io/transaction_reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <tuple>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "test_util.h"

namespace winnow::io {
namespace {

using core::Day;
using core::Error;
using core::ErrorKind;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;
using winnow::testing::ToVector;

using winnow::testing::D;

struct Row {
  std::string id;
  Day day;
  double amount;
  bool operator==(const Row& other) const = default;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << "{\"" << core::Printable(row.id) << "\", " << core::FormatDay(row.day) << ", " << row.amount << "}";
}

std::vector<Row> Rows(const TransactionLog& log) {
  std::vector<Row> rows;
  for (size_t i = 0; i < log.rows(); ++i) {
    rows.push_back({std::string(log.ids.Get(log.customer[i])), log.day[i], log.has_amount ? log.amount[i] : 0.0});
  }
  return rows;
}

std::vector<std::string> Ids(const TransactionLog& log) {
  std::vector<std::string> ids;
  for (uint32_t k = 0; k < log.ids.size(); ++k) ids.emplace_back(log.ids.Get(k));
  return ids;
}

ReadOptions Options() {
  ReadOptions options;
  options.threads = 1;
  return options;
}

TransactionLog Read(const std::string& path, const ReadOptions& options = Options()) {
  return ReadTransactions({path}, options);
}

// ---------------------------------------------------------------------------------------------
// Well-formed input

TEST(TransactionReader, ReadsSimpleCsv) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,10.5\nB,2024-01-02,3\nA,2024-01-03,-2\n");
  const TransactionLog log = Read(path);
  EXPECT_TRUE(log.has_amount);
  EXPECT_FALSE(log.grouped);
  EXPECT_EQ(log.report.rows, 3u);
  EXPECT_EQ(log.report.files, std::vector<std::string>{path});
  EXPECT_EQ(Ids(log), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-01-01"), 10.5}, {"B", D("2024-01-02"), 3.0},
                                         {"A", D("2024-01-03"), -2.0}}));
}

TEST(TransactionReader, Rfc4180Quoting) {
  TempDir dir;
  const std::string text =
      "customer_id,date,amount\n"
      "\"A,1\",2024-01-01,\"1,234.5\"\n"
      "\"say \"\"hi\"\"\",2024-01-02,3\n"
      "\"multi\nline\",2024-01-03,4\n"
      "\"\",2024-01-04,5\n";
  // An empty quoted id is still an empty id: an error on line 6 (the record after the
  // two-line one), column 1.
  const Error e = ExpectError([&] { ReadTransactions({dir.Write("bad.csv", text)}, Options()); }, ErrorKind::kInput,
                              {.message_has = "empty customer id",
                               .file = dir.File("bad.csv"),
                               .line = 6,
                               .column = 1});

  const std::string good = text.substr(0, text.rfind("\"\",2024"));
  const TransactionLog log = Read(dir.Write("good.csv", good));
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A,1", D("2024-01-01"), 1234.5},
                                         {"say \"hi\"", D("2024-01-02"), 3.0},
                                         {"multi\nline", D("2024-01-03"), 4.0}}));
}

TEST(TransactionReader, LineNumbersStayRightAfterQuotedLineBreaks) {
  TempDir dir;
  const std::string path = dir.Write("log.csv",
                                     "customer_id,date,amount\n"          // 1
                                     "\"a\nb\nc\",2024-01-01,1\n"         // 2-4
                                     "B,2024-01-02,2\n"                   // 5
                                     "\"x\r\ny\",2024-01-03,3\n"          // 6-7
                                     "C,2024-01-04,oops\n");              // 8
  for (size_t block_bytes : {size_t{64} << 20, size_t{16}, size_t{64}}) {
    ReadOptions options = Options();
    options.block_bytes = block_bytes;
    options.threads = 2;
    ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
                {.message_has = "cannot parse \"oops\" as a number",
                 .file = path,
                 .line = 8,
                 .column = 3,
                 .field = "amount",
                 .excerpt = "C,2024-01-04,oops"});
  }
}

TEST(TransactionReader, CrlfLineEndings) {
  TempDir dir;
  const std::string path = dir.Write(
      "log.csv", "customer_id,date,amount\r\nA,2024-01-01,1.5\r\nB,2024-01-02,\"2\"\r\n\"C\",2024-01-03,3\r\n");
  const TransactionLog log = Read(path);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-01-01"), 1.5}, {"B", D("2024-01-02"), 2.0},
                                         {"C", D("2024-01-03"), 3.0}}));

  const std::string bad = dir.Write("bad.csv", "customer_id,date,amount\r\nA,2024-01-01,1\r\nB,2024-13-01,2\r\n");
  ExpectError([&] { ReadTransactions({bad}, Options()); }, ErrorKind::kInput,
              {.message_has = "month 13 does not exist",
               .file = bad,
               .line = 3,
               .column = 2,
               .excerpt = "B,2024-13-01,2"});
}

TEST(TransactionReader, SkipsUtf8ByteOrderMark) {
  TempDir dir;
  const std::string path = dir.Write("bom.csv", "\xEF\xBB\xBF" "customer_id,date,amount\nA,2024-01-01,1\n");
  const TransactionLog log = Read(path);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-01-01"), 1.0}}));
  for (size_t block_bytes : {size_t{4}, size_t{16}}) {
    ReadOptions options = Options();
    options.block_bytes = block_bytes;
    EXPECT_EQ(Rows(Read(path, options)), Rows(log)) << block_bytes;
  }
}

TEST(TransactionReader, SemicolonDelimiterWithDecimalComma) {
  TempDir dir;
  const std::string path =
      dir.Write("eu.csv", "customer_id;date;amount\nA;01.03.2024;1.234,56\nB;2.3.2024;12,5\nA;03.03.2024;\"7\"\n");
  ReadOptions options = Options();
  options.delimiter = ';';
  options.decimal_comma = true;
  options.date_format = "%d.%m.%Y";
  const TransactionLog log = Read(path, options);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-03-01"), 1234.56}, {"B", D("2024-03-02"), 12.5},
                                         {"A", D("2024-03-03"), 7.0}}));
}

TEST(TransactionReader, TabDelimiter) {
  TempDir dir;
  const std::string path = dir.Write("log.tsv", "customer_id\tdate\tamount\nA B\t2024-01-01\t1,000.25\n");
  ReadOptions options = Options();
  options.delimiter = '\t';
  EXPECT_EQ(Rows(Read(path, options)), (std::vector<Row>{{"A B", D("2024-01-01"), 1000.25}}));
}

TEST(TransactionReader, HeaderOnOneFieldHintsAtTheDelimiter) {
  TempDir dir;
  const std::string path = dir.Write("eu.csv", "customer_id;date;amount\nA;2024-01-01;1\n");
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.message_has = "no column \"customer_id\" in the header",
               .file = path,
               .line = 1,
               .column = 0,
               .hint = "the header has one field: is the delimiter semicolon? (--delimiter)"});
}

TEST(TransactionReader, WhitespaceSeparatedPositionalColumns) {
  TempDir dir;
  const std::string path = dir.Write("cdnow.txt",
                                     " 00004 0001 19970101  2   29.33\r\n"
                                     " 00004 0001 19970118  2   29.73\r\n"
                                     "\r\n"
                                     " 00021 0002 19970101  3   63.34\r\n"
                                     "\t00021\t0002 19970102 1 0.5");  // tabs, no final line break
  ReadOptions options = Options();
  options.whitespace = true;
  options.header = false;
  options.customer_col = "2";
  options.date_col = "3";
  options.amount_col = "5";
  options.date_format = "%Y%m%d";
  const TransactionLog log = Read(path, options);
  EXPECT_TRUE(log.has_amount);
  EXPECT_TRUE(log.grouped);
  EXPECT_EQ(log.report.blank_lines, 1u);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"0001", D("1997-01-01"), 29.33}, {"0001", D("1997-01-18"), 29.73},
                                         {"0002", D("1997-01-01"), 63.34}, {"0002", D("1997-01-02"), 0.5}}));
}

TEST(TransactionReader, PositionalColumnsMustBeNumbers) {
  TempDir dir;
  const std::string path = dir.Write("x.txt", "a 2024-01-01 1\n");
  ReadOptions options = Options();
  options.whitespace = true;
  options.header = false;
  options.customer_col = "id";
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kUsage, {.message_has = "--customer-col=\"id\""});
}

TEST(TransactionReader, ReadsTheShippedCdnowExample) {
  const std::string path = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  ReadOptions options = Options();
  options.whitespace = true;
  options.header = false;
  options.customer_col = "2";
  options.date_col = "3";
  options.amount_col = "5";
  options.date_format = "%Y%m%d";
  const TransactionLog log = Read(path, options);
  // Counts from the data set's README: 6,919 rows, 2,357 customers, 1997-01-01..1998-06-30.
  EXPECT_EQ(log.rows(), 6919u);
  EXPECT_EQ(log.ids.size(), 2357u);
  EXPECT_EQ(*std::min_element(log.day.begin(), log.day.end()), D("1997-01-01"));
  EXPECT_EQ(*std::max_element(log.day.begin(), log.day.end()), D("1998-06-30"));
  EXPECT_EQ(log.ids.Get(0), "0001");
  EXPECT_EQ(log.ids.Get(2356), "2357");

  options.threads = 2;
  options.block_bytes = 1000;
  const TransactionLog again = Read(path, options);
  EXPECT_EQ(Rows(again), Rows(log));
}

TEST(TransactionReader, RenamedColumnsInAnyOrder) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "Betrag, Kunde ,extra,Datum\n9.5,K1,x,2024-02-29\n");
  ReadOptions options = Options();
  options.customer_col = "Kunde";
  options.date_col = "Datum";
  options.amount_col = "Betrag";
  EXPECT_EQ(Rows(Read(path, options)), (std::vector<Row>{{"K1", D("2024-02-29"), 9.5}}));
}

TEST(TransactionReader, MissingAmountColumnIsFineUnlessRequired) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date\nA,2024-01-01\nB,2024-01-02\n");
  const TransactionLog log = Read(path);
  EXPECT_FALSE(log.has_amount);
  EXPECT_TRUE(log.amount.empty());
  EXPECT_EQ(log.rows(), 2u);

  ReadOptions options = Options();
  options.amount_required = true;
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
              {.message_has = "no column \"amount\" in the header; found \"customer_id\", \"date\"",
               .file = path,
               .line = 1,
               .column = 0,
               .excerpt = "customer_id,date",
               .hint = "name the column with --amount-col"});
}

TEST(TransactionReader, PositionalAmountBeyondTheFieldsIsRequiredOnlyWhenAsked) {
  TempDir dir;
  const std::string path = dir.Write("log.txt", "A 2024-01-01\nB 2024-01-02\n");
  ReadOptions options = Options();
  options.whitespace = true;
  options.header = false;
  EXPECT_FALSE(Read(path, options).has_amount);
  options.amount_required = true;
  options.amount_col = "3";
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
              {.message_has = "--amount-col 3: the rows have only 2 fields", .file = path, .line = 1, .column = 0});
}

TEST(TransactionReader, UnsortedInputIsNotGrouped) {
  TempDir dir;
  const TransactionLog grouped =
      Read(dir.Write("g.csv", "customer_id,date,amount\nA,2024-01-02,1\nA,2024-01-01,2\nB,2024-01-01,3\n"));
  EXPECT_TRUE(grouped.grouped);
  const TransactionLog mixed =
      Read(dir.Write("m.csv", "customer_id,date,amount\nA,2024-01-02,1\nB,2024-01-01,3\nA,2024-01-01,2\n"));
  EXPECT_FALSE(mixed.grouped);
  EXPECT_EQ(ToVector(mixed.customer), (std::vector<uint32_t>{0, 1, 0}));
}

TEST(TransactionReader, SeveralFilesFormOneLog) {
  TempDir dir;
  const std::string a = dir.Write("a.csv", "customer_id,date,amount\nA,2024-01-01,1\nB,2024-01-02,2\n");
  const std::string b = dir.Write("b.csv", "customer_id,date,amount\nB,2024-01-03,3\nC,2024-01-04,4\n");
  const TransactionLog log = ReadTransactions({a, b}, Options());
  EXPECT_EQ(Ids(log), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(ToVector(log.customer), (std::vector<uint32_t>{0, 1, 1, 2}));
  EXPECT_TRUE(log.grouped);
  EXPECT_EQ(log.report.files, (std::vector<std::string>{a, b}));
  EXPECT_EQ(log.report.rows, 4u);

  // Errors in the second file name it, with its own line numbers.
  const std::string bad = dir.Write("c.csv", "customer_id,date,amount\nD,2024-01-05,5\nE,2024-01-06,x\n");
  ExpectError([&] { ReadTransactions({a, bad}, Options()); }, ErrorKind::kInput,
              {.message_has = "cannot parse \"x\" as a number", .file = bad, .line = 3, .column = 3});

  const std::string no_amount = dir.Write("d.csv", "customer_id,date\nF,2024-01-07\n");
  ExpectError([&] { ReadTransactions({a, no_amount}, Options()); }, ErrorKind::kInput,
              {.message = "this file has no amount column, but " + a + " has one", .file = no_amount});
}

TEST(TransactionReader, GzipFileReadsLikeThePlainFile) {
  TempDir dir;
  std::string text = "customer_id,date,amount\n";
  for (int k = 0; k < 5000; ++k) {
    text += fmt::format("\"C{},x\",{},{}.{:02}\n", k % 300, core::FormatDay(D("2023-01-01") + k % 365), k % 97, k % 100);
  }
  const std::string plain = dir.Write("log.csv", text);
  const std::string gz = dir.File("log.csv.gz");
  gzFile out = gzopen(gz.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(out), Z_OK);

  const TransactionLog expected = Read(plain);
  const TransactionLog from_gz = Read(gz);
  EXPECT_EQ(from_gz.rows(), 5000u);
  EXPECT_EQ(Rows(from_gz), Rows(expected));
  EXPECT_EQ(Ids(from_gz), Ids(expected));
  ReadOptions options = Options();
  options.block_bytes = 256;
  options.threads = 2;
  EXPECT_EQ(Rows(Read(gz, options)), Rows(expected));
}

TEST(TransactionReader, SkipsBlankLines) {
  TempDir dir;
  const std::string text =
      "\n"                          // 1
      "  \n"                        // 2
      "customer_id,date,amount\n"   // 3
      "\n"                          // 4
      "A,2024-01-01,1\n"            // 5
      "   \n"                       // 6
      "\r\n"                        // 7
      "B,2024-01-02,2\n"            // 8
      "\t\n";                       // 9
  const TransactionLog log = Read(dir.Write("log.csv", text));
  EXPECT_EQ(log.rows(), 2u);
  EXPECT_EQ(log.report.blank_lines, 4u);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-01-01"), 1.0}, {"B", D("2024-01-02"), 2.0}}));
  const std::string bad = dir.Write("bad.csv", text + "C,2024-01-03\n");
  ExpectError([&] { ReadTransactions({bad}, Options()); }, ErrorKind::kInput,
              {.message_has = "expected 3 fields, found 2", .file = bad, .line = 10, .column = 3});
}

// A log with quoted fields (commas, doubled quotes, line breaks), blank lines and unsorted
// customers, for comparing block sizes and thread counts.
std::string TrickyLog(int rows, bool crlf) {
  const char* eol = crlf ? "\r\n" : "\n";
  std::string text = std::string("customer_id,date,amount") + eol;
  for (int k = 0; k < rows; ++k) {
    const int customer = (k * 37) % 1009;
    std::string id;
    if (customer % 7 == 0) {
      id = fmt::format("\"Q,{}\nsecond line\"", customer);
    } else if (customer % 11 == 0) {
      id = fmt::format("\"say \"\"{}\"\"\"", customer);
    } else {
      id = fmt::format("C{}", customer);
    }
    const std::string amount = k % 5 == 0 ? fmt::format("\"{},{:03}.50\"", 1 + k % 9, k % 1000)
                                          : fmt::format("{}.{:02}", k % 300, k % 100);
    text += fmt::format("{},{},{}{}", id, core::FormatDay(D("2022-01-01") + k % 700), amount, eol);
    if (k % 50 == 0) text += eol;
  }
  return text;
}

TEST(TransactionReader, SmallBlocksGiveTheSameLogAsOneBlock) {
  TempDir dir;
  for (bool crlf : {false, true}) {
    const std::string path = dir.Write(crlf ? "crlf.csv" : "lf.csv", TrickyLog(3000, crlf));
    const TransactionLog one = Read(path);
    EXPECT_EQ(one.rows(), 3000u);
    EXPECT_FALSE(one.grouped);
    for (size_t block_bytes : {size_t{64}, size_t{100}, size_t{4096}}) {
      ReadOptions options = Options();
      options.block_bytes = block_bytes;
      options.threads = 2;
      const TransactionLog many = Read(path, options);
      EXPECT_EQ(Rows(many), Rows(one)) << "block_bytes " << block_bytes << " crlf " << crlf;
      EXPECT_EQ(Ids(many), Ids(one));
      EXPECT_EQ(many.customer, one.customer);
      EXPECT_EQ(many.grouped, one.grouped);
      EXPECT_EQ(many.report.blank_lines, one.report.blank_lines);
      EXPECT_EQ(many.report.rows, one.report.rows);
    }
  }
}

// Blocks above 1 MiB are cut into one range per thread: several blocks, several ranges each.
TEST(TransactionReader, ParallelRangesGiveTheSameLogAsOneThread) {
  TempDir dir;
  const std::string text = TrickyLog(250000, false);
  ASSERT_GT(text.size(), size_t{5} << 20);
  const std::string bad_row = "Z,2024-01-01,not-a-number\n";
  const std::string path = dir.Write("big.csv", text);
  const std::string bad_path = dir.Write("big_bad.csv", text + bad_row);
  const TransactionLog one = Read(path);
  ReadOptions options = Options();
  options.block_bytes = size_t{2} << 20;
  options.threads = 2;
  const TransactionLog parallel = Read(path, options);
  EXPECT_EQ(parallel.rows(), 250000u);
  EXPECT_EQ(Rows(parallel), Rows(one));
  EXPECT_EQ(parallel.customer, one.customer);
  EXPECT_EQ(Ids(parallel), Ids(one));
  EXPECT_EQ(parallel.report.blank_lines, one.report.blank_lines);

  // The line of an error after many quoted line breaks, across blocks and ranges.
  int64_t lines = 0;
  for (char c : text) lines += c == '\n';
  ExpectError([&] { ReadTransactions({bad_path}, options); }, ErrorKind::kInput,
              {.message_has = "cannot parse \"not-a-number\"", .file = bad_path, .line = lines + 1, .column = 3});
}

// ---------------------------------------------------------------------------------------------
// Errors: kind, file, line, column and message

TEST(TransactionReaderError, EmptyFile) {
  TempDir dir;
  for (const char* content : {"", "\n\n  \n"}) {
    const std::string path = dir.Write("empty.csv", content);
    const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                                {.message_has = "the file is empty", .file = path, .line = 0, .column = 0});
    EXPECT_NE(e.hint().find("header row"), std::string::npos) << e.hint();
  }
}

TEST(TransactionReaderError, HeaderOnly) {
  TempDir dir;
  const std::string path = dir.Write("header.csv", "customer_id,date,amount\n");
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.message_has = "no transactions: the input has no data rows", .file = path, .line = 0, .column = 0});
}

TEST(TransactionReaderError, MissingColumnWithDidYouMean) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,dat,amount\nA,2024-01-01,1\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "no column \"date\" in the header; found \"customer_id\", \"dat\", \"amount\"",
                               .file = path,
                               .line = 1,
                               .column = 0,
                               .hint = "did you mean --date-col \"dat\"?"});
  EXPECT_EQ(e.Headline(), path + ":1: no column \"date\" in the header; found \"customer_id\", \"dat\", \"amount\"");
}

TEST(TransactionReaderError, DuplicatedColumn) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount,date\nA,2024-01-01,1,2024-01-02\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "column \"date\" appears 2 times in the header (fields 2 and 4)",
                               .file = path,
                               .line = 1,
                               .column = 4});
  EXPECT_NE(e.hint().find("--date-col"), std::string::npos) << e.hint();
}

TEST(TransactionReaderError, UnparsableDate) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,1\nB,01/02/2024,2\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "cannot parse \"01/02/2024\" as a date; expected YYYY-MM-DD (ISO 8601)",
                               .file = path,
                               .line = 3,
                               .column = 2,
                               .field = "date",
                               .hint = "other date forms need --date-format, e.g. %d.%m.%Y"});
  EXPECT_EQ(e.Headline(), path + ":3:2: column \"date\": cannot parse \"01/02/2024\" as a date; expected "
                                 "YYYY-MM-DD (ISO 8601)");
  EXPECT_EQ(e.Render(), e.Headline() + "\n  3 | B,01/02/2024,2\nhint: other date forms need --date-format, e.g. %d.%m.%Y");
}

TEST(TransactionReaderError, ImpossibleDate) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2023-02-28,1\nA,2023-02-30,1\n");
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.message_has = "\"2023-02-30\" is not a date: 2023-02 has 28 days",
               .file = path,
               .line = 3,
               .column = 2,
               .field = "date"});
}

TEST(TransactionReaderError, NonNumericAmount) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nC17,2024-03-01,\"12,5x\"\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "cannot parse \"12,5x\" as a number",
                               .file = path,
                               .line = 2,
                               .column = 3,
                               .field = "amount",
                               .hint = "amounts like 1.234,56 need --decimal-comma"});
  EXPECT_EQ(e.excerpt(), "C17,2024-03-01,\"12,5x\"");  // as found, quotes and all
}

TEST(TransactionReaderError, NotFiniteAmounts) {
  TempDir dir;
  for (const char* amount : {"NaN", "inf", "-Infinity", "1e999"}) {
    const std::string path = dir.Write("log.csv", fmt::format("customer_id,date,amount\nA,2024-01-01,1\nA,2024-01-02,{}\n", amount));
    const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                                {.message_has = fmt::format("\"{}\" is not a finite number; an amount must be finite", amount),
                                 .file = path,
                                 .line = 3,
                                 .column = 3});
  }
}

TEST(TransactionReaderError, HugeCustomerId) {
  TempDir dir;
  const std::string huge(100u << 10, 'x');  // within the record limit (kMaxRecordBytes)
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,1\n" + huge + ",2024-01-02,2\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = fmt::format("customer id is {} bytes long; at most {} are allowed", huge.size(), kMaxIdBytes),
                               .file = path,
                               .line = 3,
                               .column = 1,
                               .field = "customer_id"});
  EXPECT_LT(e.Render().size(), 1000u);  // the excerpt is shortened

  // The limit itself is fine.
  const std::string at_limit = dir.Write("ok.csv", "customer_id,date,amount\n" + std::string(kMaxIdBytes, 'y') + ",2024-01-02,2\n");
  EXPECT_EQ(Read(at_limit).ids.Get(0).size(), kMaxIdBytes);
  const std::string over = dir.Write("over.csv", "customer_id,date,amount\n" + std::string(kMaxIdBytes + 1, 'y') + ",2024-01-02,2\n");
  ExpectError([&] { ReadTransactions({over}, Options()); }, ErrorKind::kInput,
              {.message_has = "at most 4096 are allowed", .file = over, .line = 2, .column = 1});
}

TEST(TransactionReaderError, InvalidUtf8InId) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nM\xC3\xBCller,2024-01-01,1\nM\xFCller,2024-01-02,2\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "customer id \"M\\xfcller\" is not valid UTF-8 (byte 0xfc at offset 1)",
                               .file = path,
                               .line = 3,
                               .column = 1});
  EXPECT_NE(e.hint().find("iconv"), std::string::npos);
  // Overlong forms and surrogates are not UTF-8 either.
  for (const char* id : {"a\xC0\x80", "a\xED\xA0\x80", "a\xF4\x90\x80\x80"}) {
    const std::string p = dir.Write("bad.csv", std::string("customer_id,date,amount\n") + id + ",2024-01-01,1\n");
    ExpectError([&] { ReadTransactions({p}, Options()); }, ErrorKind::kInput,
              {.message_has = "is not valid UTF-8 (byte", .file = p, .line = 2, .column = 1});
  }
}

TEST(TransactionReaderError, UnterminatedQuote) {
  TempDir dir;
  const std::string path =
      dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,1\n\"B,2024-01-02,2\nC,2024-01-03,3\n");
  const Error e = ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
                              {.message_has = "unterminated quoted field",
                               .file = path,
                               .line = 3,
                               .column = 1,
                               .field = "customer_id"});
  EXPECT_NE(e.hint().find("RFC 4180"), std::string::npos);

  const std::string in_amount = dir.Write("amount.csv", "customer_id,date,amount\nA,2024-01-01,\"12\n");
  ExpectError([&] { ReadTransactions({in_amount}, Options()); }, ErrorKind::kInput,
              {.message_has = "unterminated quoted field",
               .file = in_amount,
               .line = 2,
               .column = 3,
               .field = "amount"});
}

TEST(TransactionReaderError, StrayQuotes) {
  TempDir dir;
  const std::string inside = dir.Write("a.csv", "customer_id,date,amount\nA\"B,2024-01-01,1\n");
  ExpectError([&] { ReadTransactions({inside}, Options()); }, ErrorKind::kInput,
              {.message_has = "quote character inside an unquoted field", .file = inside, .line = 2, .column = 1});
  const std::string after = dir.Write("b.csv", "customer_id,date,amount\nA,\"2024-01-01\"x,1\n");
  ExpectError([&] { ReadTransactions({after}, Options()); }, ErrorKind::kInput,
              {.message_has = "unexpected text after the closing quote of a field",
               .file = after,
               .line = 2,
               .column = 2});
}

TEST(TransactionReaderError, WrongNumberOfFields) {
  TempDir dir;
  const std::string more = dir.Write("more.csv", "customer_id,date,amount\nA,2024-01-01,1\nA,2024-01-02,1,extra\n");
  ExpectError([&] { ReadTransactions({more}, Options()); }, ErrorKind::kInput,
              {.message_has = "expected 3 fields, found 4", .file = more, .line = 3, .column = 4});
  const std::string fewer = dir.Write("fewer.csv", "customer_id,date,amount\nA,2024-01-01\n");
  const Error e = ExpectError([&] { ReadTransactions({fewer}, Options()); }, ErrorKind::kInput,
                              {.message_has = "expected 3 fields, found 2", .file = fewer, .line = 2, .column = 3});
  EXPECT_NE(e.hint().find("delimiter"), std::string::npos);
}

TEST(TransactionReaderError, MissingFileIsAnInputError) {
  TempDir dir;
  ExpectError([&] { ReadTransactions({dir.File("nope.csv")}, Options()); }, ErrorKind::kInput,
              {.message_has = "cannot open", .file = dir.File("nope.csv")});
}

// ---------------------------------------------------------------------------------------------
// Skipping bad rows

std::string LogWithBadRows() {
  return "customer_id,date,amount\n"  // 1
         "A,2024-01-01,1\n"           // 2
         "B,2024-13-01,2\n"           // 3 bad date
         "C,2024-01-02,3\n"           // 4
         "D,2024-01-03,x\n"           // 5 bad amount
         "E,2024-01-04\n"             // 6 too few fields
         "\"F\nG\",2024-01-05,4\n"    // 7-8 good
         "H\"I,2024-01-06,5\n"        // 9 stray quote
         "J,2024-01-07,nan\n"         // 10 not finite
         "K,2024-01-08,6\n"           // 11
         ",2024-01-09,7\n"            // 12 empty id
         "L,2024-01-10,8,9\n"         // 13 too many fields
         "M,2024-01-11,9\n";          // 14
}

TEST(TransactionReaderSkip, CountsBadRowsKeepsGoodOnesAndListsFiveExamples) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", LogWithBadRows());
  for (size_t block_bytes : {size_t{64} << 20, size_t{64}}) {
    ReadOptions options = Options();
    options.skip_bad_rows = true;
    options.block_bytes = block_bytes;
    options.threads = 2;
    const TransactionLog log = Read(path, options);
    SCOPED_TRACE(block_bytes);
    EXPECT_EQ(log.report.bad_rows, 7u);
    EXPECT_EQ(log.report.rows, 5u);
    EXPECT_EQ(Ids(log), (std::vector<std::string>{"A", "C", "F\nG", "K", "M"}));
    EXPECT_EQ(ToVector(log.day), (std::vector<Day>{D("2024-01-01"), D("2024-01-02"), D("2024-01-05"), D("2024-01-08"),
                                         D("2024-01-11")}));
    EXPECT_EQ(ToVector(log.amount), (std::vector<double>{1, 3, 4, 6, 9}));
    ASSERT_EQ(log.report.bad_row_examples.size(), 5u);
    const std::vector<std::tuple<int64_t, int64_t, std::string>> expected = {
        {3, 2, "month 13 does not exist"},
        {5, 3, "cannot parse \"x\" as a number"},
        {6, 3, "expected 3 fields, found 2"},
        {9, 1, "quote character inside an unquoted field"},
        {10, 3, "is not a finite number"}};
    for (size_t k = 0; k < expected.size(); ++k) {
      ExpectError([&] { throw log.report.bad_row_examples[k]; }, ErrorKind::kInput,
                  {.message_has = std::get<2>(expected[k]), .file = path, .line = std::get<0>(expected[k]),
                   .column = std::get<1>(expected[k])});
    }
  }
}

TEST(TransactionReaderSkip, AllRowsBadIsStillAnError) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,x,1\nB,y,2\n");
  ReadOptions options = Options();
  options.skip_bad_rows = true;
  const Error e = ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
                              {.message_has = "no transactions", .file = path, .line = 0, .column = 0});
  EXPECT_NE(e.hint().find("all 2 data rows were bad and skipped; the first: " + path + ":2:2:"), std::string::npos)
      << e.hint();
}

TEST(TransactionReaderSkip, StrayQuoteBeforeQuotedLineBreaksGivesTheSameLogForAnyBlockSize) {
  TempDir dir;
  std::string text = "customer_id,date,amount\n";
  for (int k = 0; k < 200; ++k) {
    if (k % 10 == 3) text += fmt::format("X\"{},2024-01-01,1\n", k);  // bad: stray quote
    text += fmt::format("\"Q{}\nline\",2024-01-02,{}\n", k, k);
  }
  const std::string path = dir.Write("log.csv", text);
  ReadOptions options = Options();
  options.skip_bad_rows = true;
  const TransactionLog one = Read(path, options);
  EXPECT_EQ(one.report.bad_rows, 20u);
  EXPECT_EQ(one.rows(), 200u);
  options.block_bytes = 64;
  const TransactionLog many = Read(path, options);
  EXPECT_EQ(many.report.bad_rows, 20u);
  EXPECT_EQ(Rows(many), Rows(one));
}

// The same stray quote before more than kMaxRecordBytes of input without another quote: the
// reader keeps growing its buffer to find the end of the "quoted field".
TEST(TransactionReaderSkip, StrayQuoteInABigFileIsSkippedLikeAnyBadRow) {
  TempDir dir;
  std::string text = "customer_id,date,amount\nX\"1,2024-01-01,1\n";
  const std::string row = "C1234567,2024-01-02,12.50\n";
  while (text.size() < kMaxRecordBytes + (size_t{2} << 20)) text += row;
  const size_t good_rows = (text.size() - 41) / row.size();
  const std::string path = dir.Write("big.csv", text);
  text.clear();
  text.shrink_to_fit();
  ReadOptions options = Options();
  options.skip_bad_rows = true;
  options.block_bytes = size_t{1} << 20;
  const TransactionLog log = Read(path, options);
  EXPECT_EQ(log.report.bad_rows, 1u);
  EXPECT_EQ(log.rows(), good_rows);
}


// ---------------------------------------------------------------------------------------------
// Export layouts: quantity x price, dates with a time, skipped rows by reason, a parent column

// The layout of the UCI Online Retail export: one row per order line, cancellations with a
// negative quantity, dates with a time of day, customer ids sometimes missing.
constexpr const char* kOrderLines =
    "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    "536365,85123A,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
    "536365,71053,6,12/1/2010 8:26,3.39,17850,United Kingdom\n"
    "536370,22728,24,12/1/2010 8:45,3.75,12583,France\n"
    "C536379,D,-1,12/1/2010 9:41,27.50,14527,United Kingdom\n"
    "536414,22139,56,12/1/2010 11:52,0,,United Kingdom\n";

ReadOptions OrderLineOptions() {
  ReadOptions options = Options();
  options.customer_col = "CustomerID";
  options.date_col = "InvoiceDate";
  options.quantity_col = "Quantity";
  options.price_col = "UnitPrice";
  options.date_format = "%m/%d/%Y %H:%M";
  options.skip_bad_rows = true;
  return options;
}

TEST(TransactionReader, AmountIsQuantityTimesPrice) {
  TempDir dir;
  const TransactionLog log = Read(dir.Write("retail.csv", kOrderLines), OrderLineOptions());
  ASSERT_TRUE(log.has_amount);
  EXPECT_EQ(Rows(log), (std::vector<Row>{{"17850", D("2010-12-01"), 6 * 2.55},
                                         {"17850", D("2010-12-01"), 6 * 3.39},
                                         {"12583", D("2010-12-01"), 24 * 3.75},
                                         {"14527", D("2010-12-01"), -27.5}}));
  EXPECT_EQ(log.report.bad_rows, 1u);  // the row without a customer id
}

TEST(TransactionReader, QuantityAndPriceGoTogetherAndNameTheirColumnInErrors) {
  TempDir dir;
  const std::string path = dir.Write("retail.csv", kOrderLines);
  ReadOptions options = OrderLineOptions();
  options.price_col.clear();
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kUsage,
              {.message = "--quantity-col needs --price-col: the amount is quantity x price"});
  options = OrderLineOptions();
  options.skip_bad_rows = false;
  const std::string bad = dir.Write("bad.csv", std::string(kOrderLines).substr(0, std::string(kOrderLines).find("536370")) +
                                                   "536366,22633,6x,12/1/2010 8:28,1.85,17850,United Kingdom\n");
  ExpectError([&] { ReadTransactions({bad}, options); }, ErrorKind::kInput,
              {.rendered = bad + ":4:3: column \"Quantity\": cannot parse \"6x\" as a number\n"
                                 "  4 | 536366,22633,6x,12/1/2010 8:28,1.85,17850,United Kingdom"});
}

TEST(TransactionReader, DatePatternWithATimeOfDay) {
  TempDir dir;
  ReadOptions options = Options();
  options.date_format = "%m/%d/%Y %H:%M";
  const TransactionLog log = Read(dir.Write("log.csv", "customer_id,date,amount\nA,12/1/2010 8:26,1\nA,1/31/2011 17:05,2\n"),
                                  options);
  EXPECT_EQ(ToVector(log.day), (std::vector<Day>{D("2010-12-01"), D("2011-01-31")}));
}

TEST(TransactionReader, PatternWithoutTheTimeGetsAHint) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,12/1/2010 8:26,1\n");
  ReadOptions options = Options();
  options.date_format = "%m/%d/%Y";
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
              {.rendered = path + ":2:2: column \"date\": cannot parse \"12/1/2010 8:26\" as a date; expected %m/%d/%Y\n"
                   "  2 | A,12/1/2010 8:26,1\n"
                   "hint: the date is followed by a time of day; include it in the pattern: --date-format "
                   "\"%m/%d/%Y %H:%M\""});
}

TEST(TransactionReaderSkip, CountsSkippedRowsByReasonWithTheFirstExamplesOfEach) {
  TempDir dir;
  std::string text = "customer_id,date,amount\n";
  for (int k = 0; k < 5; ++k) text += fmt::format(",2024-01-0{},1\n", k + 1);  // lines 2-6: no id
  text += "A,2024-01-01,1\n"                                                  // 7
          "B,2024-02-30,2\n"                                                  // 8: bad date
          "C,2024-01-03,x\n"                                                  // 9: bad amount
          ",2024-01-04,1\n"                                                   // 10: no id
          "D,2024-01-05,1\n";
  const std::string path = dir.Write("log.csv", text);
  for (size_t block_bytes : {size_t{64} << 20, size_t{48}}) {
    SCOPED_TRACE(block_bytes);
    ReadOptions options = Options();
    options.skip_bad_rows = true;
    options.block_bytes = block_bytes;
    options.threads = 2;
    const TransactionLog log = Read(path, options);
    EXPECT_EQ(log.rows(), 2u);
    EXPECT_EQ(log.report.bad_rows, 8u);
    const std::vector<BadRowGroup> groups = log.report.BadRowGroups();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[0].reason, BadRowReason::kMissingCustomerId);
    EXPECT_EQ(groups[0].rows, 6u);
    EXPECT_EQ(groups[1].reason, BadRowReason::kBadDate);
    EXPECT_EQ(groups[2].reason, BadRowReason::kBadAmount);
    EXPECT_EQ(log.report.DescribeBadRows(),
              (std::vector<std::string>{"skipped 8 bad rows:", "  6 missing customer id",
                                        "    " + path + ":2:1: column \"customer_id\": empty customer id",
                                        "    " + path + ":3:1: column \"customer_id\": empty customer id",
                                        "    " + path + ":4:1: column \"customer_id\": empty customer id",
                                        "  1 bad date",
                                        "    " + path + ":8:2: column \"date\": \"2024-02-30\" is not a date: 2024-02 has 29 days",
                                        "  1 bad amount",
                                        "    " + path + ":9:3: column \"amount\": cannot parse \"x\" as a number"}));
  }
}

TEST(TransactionReaderSkip, PlaceholdersForAMissingIdAreMissingIds) {
  TempDir dir;
  const std::string path = dir.Write("log.csv",
                                     "customer_id,date,amount\n(blank),2024-01-01,1\nNULL,2024-01-01,1\nnan,2024-01-01,1\n"
                                     "#N/A,2024-01-01,1\nNone,2024-01-01,1\nNA,2024-01-01,1\nnull0,2024-01-01,1\n");
  ReadOptions options = Options();
  options.skip_bad_rows = true;
  const TransactionLog log = Read(path, options);
  EXPECT_EQ(Ids(log), (std::vector<std::string>{"NA", "null0"}));
  EXPECT_EQ(log.report.bad_rows_by_reason[static_cast<size_t>(BadRowReason::kMissingCustomerId)], 5u);
  options.skip_bad_rows = false;
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
              {.rendered = path + ":2:1: column \"customer_id\": customer id \"(blank)\" stands for a missing id\n"
                   "  2 | (blank),2024-01-01,1\n"
                   "hint: spreadsheets and databases write (blank), NULL, NaN, None, #N/A or N/A where a value is missing"});
}

TEST(TransactionReader, ReadsAParentColumnWhenTheLogHasIt) {
  TempDir dir;
  const TransactionLog log = Read(dir.Write("retail.csv", kOrderLines), [] {
    ReadOptions options = OrderLineOptions();
    options.group_col = "Country";
    return options;
  }());
  EXPECT_EQ(log.group_names, (std::vector<std::string>{"United Kingdom", "France"}));
  EXPECT_EQ(log.group, (std::vector<uint32_t>{0, 0, 1, 0}));
  uint64_t several = 9;
  EXPECT_EQ(GroupOfCustomers(log, &several), (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(several, 0u);
  // A log without the column reads as before, without groups.
  ReadOptions options = Options();
  options.group_col = "Country";
  const TransactionLog plain = Read(dir.Write("plain.csv", "customer_id,date,amount\nA,2024-01-01,1\n"), options);
  EXPECT_TRUE(plain.group.empty());
}

// ---------------------------------------------------------------------------------------------
// Regressions of issue 10 (an attack with crafted, truncated and mutated logs; fuzz/)

// One gzip member holding `text`, made with zlib.
std::string GzipBytes(std::string_view text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string SmallLog(int rows) {
  std::string text = "customer_id,date,amount\n";
  for (int k = 0; k < rows; ++k) {
    text += fmt::format("C{},{},{}.{:02}\n", k % 37, core::FormatDay(D("2023-01-01") + k % 300), k % 89, k % 100);
  }
  return text;
}

// zlib reports a stream that ends before its trailer as Z_BUF_ERROR ("unexpected end of file"),
// which was taken for the end: 19 of 55 cuts of a log were read as complete logs.
TEST(TransactionReaderGzip, EveryCutOfAGzipLogIsATruncationError) {
  TempDir dir;
  const std::string text = SmallLog(450);
  const std::string gz = GzipBytes(text);
  ASSERT_GT(gz.size(), 200u);
  EXPECT_EQ(Read(dir.Write("whole.csv.gz", gz)).rows(), 450u);
  int cuts = 0;
  for (size_t cut = 2; cut < gz.size(); cut += std::max<size_t>(1, gz.size() / 60)) {
    const std::string path = dir.Write("cut.csv.gz", gz.substr(0, cut));
    for (size_t block : {size_t{256}, size_t{16} << 20}) {
      ReadOptions options = Options();
      options.block_bytes = block;
      SCOPED_TRACE(fmt::format("cut at {} of {} bytes, blocks of {}", cut, gz.size(), block));
      ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
                  {.headline = path + ": truncated gzip file: the compressed data ends before the end of its stream",
                   .hint = "the file was cut short (an interrupted download or copy?); gzip -t checks a file"});
    }
    ++cuts;
  }
  EXPECT_GE(cuts, 55);
  // The last byte of the trailer (the length) missing is a truncation too.
  const std::string last = dir.Write("last.csv.gz", gz.substr(0, gz.size() - 1));
  ExpectError([&] { ReadTransactions({last}, Options()); }, ErrorKind::kInput);
}

TEST(TransactionReaderGzip, ConcatenatedMembersAreOneLog) {
  TempDir dir;
  const std::string text = SmallLog(300);
  const size_t half = text.find('\n', text.size() / 2) + 1;
  const std::string path = dir.Write("two.csv.gz", GzipBytes(text.substr(0, half)) + GzipBytes(text.substr(half)));
  const TransactionLog log = Read(path);
  EXPECT_EQ(log.rows(), 300u);
  EXPECT_EQ(Rows(log), Rows(Read(dir.Write("plain.csv", text))));
  // A second member cut short is still an error.
  const std::string second = GzipBytes(text.substr(half));
  const std::string cut = dir.Write("cut.csv.gz", GzipBytes(text.substr(0, half)) + second.substr(0, second.size() / 2));
  ExpectError([&] { ReadTransactions({cut}, Options()); }, ErrorKind::kInput,
              {.message = "truncated gzip file: the compressed data ends before the end of its stream"});
}

// An unclosed quote in the last line made `summarize --on-bad-row skip` and `describe` die with
// SIGSEGV: the rows before it were never bucketed (fuzz/corpus/transaction_reader/regress_*).
TEST(TransactionReaderSkip, UnclosedQuoteInTheLastLineIsOneBadRow) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,2\nB,2024-01-02,\"3\nC,2024-01-03,4\n");
  for (size_t block : {size_t{16}, size_t{64}, size_t{16} << 20}) {
    for (size_t threads : {size_t{1}, size_t{2}}) {
      ReadOptions options = Options();
      options.skip_bad_rows = true;
      options.block_bytes = block;
      options.threads = threads;
      const TransactionLog log = Read(path, options);
      EXPECT_EQ(Rows(log), (std::vector<Row>{{"A", D("2024-01-01"), 2}}));
      EXPECT_EQ(log.report.bad_rows, 1u);
      EXPECT_EQ(log.report.bad_rows_by_reason[static_cast<size_t>(BadRowReason::kQuoting)], 1u);
      ASSERT_EQ(log.report.bad_row_examples.size(), 1u);
      EXPECT_EQ(log.report.bad_row_examples[0].Headline(),
                path + ":3:3: column \"amount\": unterminated quoted field: the quote opened here is never closed");
    }
  }
  // The default mode rejects it as before.
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.headline = path + ":3:3: column \"amount\": unterminated quoted field: the quote opened here is never closed"});
}

// Two amounts of 1e308 summed to inf: amounts (and quantity x price) are at most 1e15.
TEST(TransactionReader, AmountsBeyondOneQuadrillionAreRejected) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,1e308\nA,2024-01-01,1e308\n");
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.rendered = path + ":2:3: column \"amount\": amount \"1e308\" is out of range: expected at most 1e15 in absolute value\n"
                   "  2 | A,2024-01-01,1e308\n"
                   "hint: is it a typo, or a placeholder for a missing value?"});
  const std::string negative = dir.Write("neg.csv", "customer_id,date,amount\nA,2024-01-01,-2e15\n");
  ExpectError([&] { ReadTransactions({negative}, Options()); }, ErrorKind::kInput,
              {.message_has = "amount \"-2e15\" is out of range", .file = negative, .line = 2, .column = 3});
  EXPECT_EQ(Read(dir.Write("ok.csv", "customer_id,date,amount\nA,2024-01-01,1e15\nA,2024-01-01,-1e15\n")).amount,
            (std::vector<double>{1e15, -1e15}));
  ReadOptions options = Options();
  options.quantity_col = "quantity";
  options.price_col = "price";
  const std::string product = dir.Write("qp.csv", "customer_id,date,quantity,price\nA,2024-01-01,1e8,1e8\n");
  ExpectError([&] { ReadTransactions({product}, options); }, ErrorKind::kInput,
              {.headline = product + ":2:4: column \"price\": quantity x price = 1e8 x 1e8 is out of range: expected at most 1e15 in "
                      "absolute value"});
}

// Dates outside 1900-01-01..2199-12-31 (a log dated 9999 made `winnow run` run past its limit).
TEST(TransactionReader, DatesOutsideTheAcceptedRangeAreRejected) {
  TempDir dir;
  const std::string path = dir.Write("log.csv", "customer_id,date,amount\nA,2024-01-01,1\nB,9999-12-31,2\n");
  ExpectError([&] { ReadTransactions({path}, Options()); }, ErrorKind::kInput,
              {.headline = path + ":3:2: column \"date\": \"9999-12-31\" is outside the dates winnow accepts (1900-01-01 to 2199-12-31)"});
  const std::string early = dir.Write("early.csv", "customer_id,date,amount\nA,0001-01-01,1\n");
  ExpectError([&] { ReadTransactions({early}, Options()); }, ErrorKind::kInput,
              {.message_has = "\"0001-01-01\" is outside the dates winnow accepts",
               .file = early,
               .line = 2,
               .column = 2});
}

// A record over kMaxRecordBytes stops reading, also when bad rows are skipped.
TEST(TransactionReader, RecordLongerThanTheLimitIsAnError) {
  TempDir dir;
  const std::string long_field(kMaxRecordBytes + 10, 'x');
  const std::string path =
      dir.Write("long.csv", "customer_id,date,amount\nA,2024-01-01,1\nB,2024-01-02,\"" + long_field + "\"\nC,2024-01-03,1\n");
  for (bool skip : {false, true}) {
    ReadOptions options = Options();
    options.skip_bad_rows = skip;
    ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
                {.headline = fmt::format("{}:3: the record is {} bytes long; at most 1048576 (1 MiB) are accepted", path,
                                         kMaxRecordBytes + 10 + 16),
                 .hint = "is a quoted field never closed, or is this not a text file?"});
  }
  // A line that never ends within the limit (a binary file, a 1 GB line) stops at the limit.
  const std::string endless = dir.Write("endless.csv", "customer_id,date,amount\n" + std::string(3 * kMaxRecordBytes, 'y'));
  ReadOptions options = Options();
  options.block_bytes = 64 * 1024;
  ExpectError([&] { ReadTransactions({endless}, options); }, ErrorKind::kInput,
              {.headline = endless + ":2: a record is longer than 1 MiB"});
}

// The parent column's values are text of the report: UTF-8 and at most kMaxGroupBytes.
TEST(TransactionReader, ParentValuesMustBeUtf8AndShort) {
  TempDir dir;
  ReadOptions options = Options();
  options.group_col = "country";
  const std::string path = dir.Write("log.csv", "customer_id,date,amount,country\nA,2024-01-01,1,DE\nB,2024-01-02,2,Fran\xE7" "e\n");
  ExpectError([&] { ReadTransactions({path}, options); }, ErrorKind::kInput,
              {.rendered = path + ":3:4: column \"country\": \"Fran\\xe7e\" is not valid UTF-8 (byte 0xe7 at offset 4)\n"
                   "  3 | B,2024-01-02,2,Fran\\xe7e\n"
                   "hint: convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"});
  options.skip_bad_rows = true;
  const TransactionLog log = Read(path, options);
  EXPECT_EQ(log.rows(), 1u);
  EXPECT_EQ(log.group.size(), 1u);
  EXPECT_EQ(log.report.bad_rows_by_reason[static_cast<size_t>(BadRowReason::kBadGroup)], 1u);
  EXPECT_STREQ(BadRowReasonName(BadRowReason::kBadGroup), "bad parent value");
  const std::string long_value = dir.Write("long.csv", "customer_id,date,amount,country\nA,2024-01-01,1," +
                                                           std::string(kMaxGroupBytes + 1, 'g') + "\n");
  options.skip_bad_rows = false;
  ExpectError([&] { ReadTransactions({long_value}, options); }, ErrorKind::kInput,
              {.message_has = "the value is 4097 bytes long; at most 4096 are allowed",
               .file = long_value,
               .line = 2,
               .column = 4});
}

}  // namespace
}  // namespace winnow::io
