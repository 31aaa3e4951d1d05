// End-to-end tests of the winnow executable: exit status, messages on stderr, output files.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "project/log_options.h"
#include "test_util.h"

namespace winnow {
namespace {

using winnow::testing::Exists;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `winnow <args>` in `dir` (relative paths are in it), capturing stdout and stderr.
RunResult Winnow(const TempDir& dir, const std::string& args) {
  const std::string out = dir.File(".stdout"), err = dir.File(".stderr");
  const std::string command =
      "cd '" + dir.path() + "' && '" + std::string(WINNOW_BINARY) + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

// Names in `dir` that start with `prefix`.
std::vector<std::string> FilesStartingWith(const TempDir& dir, const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) names.push_back(name);
  }
  return names;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

constexpr const char* kGoodLog =
    "customer_id,date,amount\n"
    "A,2024-01-01,10\n"
    "B,2024-01-05,20\n"
    "A,2024-01-15,30\n"
    "A,2024-01-15,5\n"
    "C,2024-02-01,7\n";

TEST(Cli, VersionExitsZero) {
  TempDir dir;
  const RunResult r = Winnow(dir, "--version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("winnow ", 0), 0u) << r.out;
}

TEST(Cli, HelpListsTheCommands) {
  TempDir dir;
  const RunResult r = Winnow(dir, "--help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* command : {"summarize", "describe", "simulate"}) {
    EXPECT_NE(r.out.find(command), std::string::npos) << command << " missing from\n" << r.out;
  }
}

TEST(Cli, UnknownCommandExitsTwo) {
  TempDir dir;
  const RunResult r = Winnow(dir, "frobnicate -t x.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("winnow --help"), std::string::npos) << r.err;
}

TEST(Cli, UnknownCommandSuggestsTheClosestOne) {
  TempDir dir;
  const RunResult r = Winnow(dir, "summarise -t x.csv -o y.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean \"summarize\""), std::string::npos) << r.err;
}

TEST(Cli, SummarizeWithoutTransactionsExitsTwo) {
  TempDir dir;
  const RunResult r = Winnow(dir, "summarize -o out.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--transactions is required"), std::string::npos) << r.err;
  EXPECT_TRUE(FilesStartingWith(dir, "out.csv").empty());
}

TEST(Cli, BadInputExitsTwoWithPositionAndWritesNothing) {
  TempDir dir;
  dir.Write("bad.csv", "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-02,12;5\n");
  const RunResult r = Winnow(dir, "summarize -t bad.csv -o out.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("winnow: error: bad.csv:3:3: column \"amount\": cannot parse \"12;5\" as a number"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("  3 | B,2024-01-02,12;5"), std::string::npos) << r.err;
  EXPECT_TRUE(FilesStartingWith(dir, "out.csv").empty());
}

TEST(Cli, BadInputLeavesAnExistingOutputAlone) {
  TempDir dir;
  dir.Write("bad.csv", "customer_id,date,amount\nA,2024-02-30,10\n");
  dir.Write("out.csv", "previous content\n");
  const RunResult r = Winnow(dir, "summarize -t bad.csv -o out.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.csv:2:2: column \"date\": \"2024-02-30\" is not a date: 2024-02 has 29 days"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ReadFile(dir.File("out.csv")), "previous content\n");
  EXPECT_EQ(FilesStartingWith(dir, "out.csv"), std::vector<std::string>{"out.csv"});
}

TEST(Cli, MissingInputFileExitsTwo) {
  TempDir dir;
  const RunResult r = Winnow(dir, "summarize -t missing.csv -o out.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.csv: cannot open"), std::string::npos) << r.err;
  EXPECT_TRUE(FilesStartingWith(dir, "out.csv").empty());
}

TEST(Cli, UnwritableOutputExitsThree) {
  TempDir dir;
  dir.Write("log.csv", kGoodLog);
  const RunResult r = Winnow(dir, "summarize -t log.csv -o no_such_dir/out.csv");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no_such_dir/out.csv: cannot create output file"), std::string::npos) << r.err;
}

TEST(Cli, BadOptionValuesExitTwo) {
  TempDir dir;
  dir.Write("log.csv", kGoodLog);
  RunResult r = Winnow(dir, "summarize -t log.csv -o out.csv --date-format '%Y-%q'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unsupported directive %q"), std::string::npos) << r.err;
  r = Winnow(dir, "summarize -t log.csv -o out.csv --time-unit fortnight");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--time-unit \"fortnight\""), std::string::npos) << r.err;
  r = Winnow(dir, "summarize -t log.csv -o out.csv --observation-end 2024-02-30");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--observation-end \"2024-02-30\""), std::string::npos) << r.err;
  r = Winnow(dir, "summarize -t log.csv -o out.csv --on-bad-row=ignore");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(FilesStartingWith(dir, "out.csv").empty());
}

TEST(Cli, SummarizeWritesTheCsv) {
  TempDir dir;
  dir.Write("log.csv", kGoodLog);
  const RunResult r = Winnow(dir, "summarize -t log.csv -o out.csv --time-unit day");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("out.csv")));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("customer_id,frequency,recency,T,monetary_value", 0), 0u) << lines[0];
  // A: first 2024-01-01, second occasion 2024-01-15 (30 + 5), end 2024-02-01.
  EXPECT_EQ(lines[1].rfind("A,1,14,31,35,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("B,0,0,27,0,", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("C,0,0,0,0,", 0), 0u) << lines[3];
  EXPECT_EQ(FilesStartingWith(dir, "out.csv"), std::vector<std::string>{"out.csv"});
  EXPECT_NE(r.err.find("wrote 3 customers to out.csv"), std::string::npos) << r.err;
}

TEST(Cli, QuietSaysNothing) {
  TempDir dir;
  dir.Write("log.csv", kGoodLog);
  const RunResult r = Winnow(dir, "--quiet summarize -t log.csv -o out.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(Exists(dir.File("out.csv")));
}

TEST(Cli, SkipBadRowsExitsZeroAndReportsTheCount) {
  TempDir dir;
  dir.Write("log.csv", std::string(kGoodLog) + "D,2024-02-02,x\nE,yesterday,1\nF,2024-02-03,4\n");
  const RunResult r = Winnow(dir, "summarize -t log.csv -o out.csv --on-bad-row=skip");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped 2 bad rows:\n  1 bad date\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  1 bad amount\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("log.csv:7:3: column \"amount\": cannot parse \"x\" as a number"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("log.csv:8:2: column \"date\""), std::string::npos) << r.err;
  EXPECT_EQ(Lines(ReadFile(dir.File("out.csv"))).size(), 5u);  // header, A, B, C, F
}

// An order-line export in the layout of the UCI Online Retail log: amount = quantity x price,
// dates with a time of day, cancellations (C invoices, negative quantities) on the day of their
// order and later, a row without a customer id and one with a bad quantity.
constexpr const char* kOrderLineLog =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    "536365,85123A,HEART HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
    "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n"
    "540001,22139,TOY,12,1/5/2011 10:00,1.00,17850,United Kingdom\n"
    "550001,23843,BIRDIE,1000,5/18/2011 9:52,2.08,16446,United Kingdom\n"
    "550001,23844,CARD,1,5/18/2011 9:52,2.90,16446,United Kingdom\n"
    "C550002,23843,BIRDIE,-1000,5/18/2011 9:58,2.08,16446,United Kingdom\n"
    "560001,22423,CAKESTAND,4,6/1/2011 12:00,10.95,16446,United Kingdom\n"
    "C560002,22423,CAKESTAND,-4,6/1/2011 12:30,10.95,16446,United Kingdom\n"
    "570001,22728,ALARM CLOCK,24,9/1/2011 8:00,3.75,12583,France\n"
    "C571000,22728,ALARM CLOCK,-2,9/20/2011 8:00,3.75,12583,France\n"
    "575000,22728,ALARM CLOCK,24,12/9/2011 9:00,3.75,,United Kingdom\n"
    "575001,22728,ALARM CLOCK,x,12/9/2011 9:00,3.75,12583,France\n";

TEST(Cli, SummarizesAnOrderLineExportWithSameDayCancellations) {
  TempDir dir;
  dir.Write("retail.csv", kOrderLineLog);
  const std::string read = "--customer-col CustomerID --date-col InvoiceDate --quantity-col Quantity --price-col UnitPrice "
                           "--on-bad-row skip --time-unit day --observation-end 2011-12-09 ";
  RunResult r = Winnow(dir, "summarize -t retail.csv -o out.csv --date-format %m/%d/%Y " + read);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("hint: the date is followed by a time of day; include it in the pattern: --date-format "
                       "\"%m/%d/%Y %H:%M\""),
            std::string::npos)
      << r.err;
  r = Winnow(dir, "summarize -t retail.csv -o out.csv --date-format '%m/%d/%Y %H:%M' " + read);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped 2 bad rows:\n"
                       "  1 missing customer id\n"
                       "    retail.csv:12:7: column \"CustomerID\": empty customer id\n"
                       "  1 bad quantity\n"
                       "    retail.csv:13:4: column \"Quantity\": cannot parse \"x\" as a number\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 purchase day cancelled by returns of the same day: no purchase occasion"), std::string::npos)
      << r.err;
  // 16446's order of 2,080 was cancelled the same day: one occasion of 2.90 is left, and the
  // cakestand day nets to 0. 12583's return of 20 days later stays a return.
  EXPECT_EQ(Lines(ReadFile(dir.File("out.csv"))),
            (std::vector<std::string>{
                "customer_id,frequency,recency,T,monetary_value,first_purchase,last_purchase,n_occasions,total_revenue,returned",
                "17850,1,35,373,12,2010-12-01,2011-01-05,2,38.4,0",
                "16446,0,0,205,0,2011-05-18,2011-05-18,1,2.9,2123.8",
                "12583,0,0,99,0,2011-09-01,2011-09-01,1,82.5,7.5"}));
}

// Same-day cancellations in the layout of a public wholesale export (one row per invoice,
// cancellations as C invoices with negative quantities, "(blank)" for a missing customer id;
// tests/data/README.md): R100 ordered 80,000 items and cancelled them the same day, after a
// purchase of 2.90; R200 never kept a purchase.
TEST(Cli, WholesaleExportWithSameDayCancellations) {
  TempDir dir;
  const RunResult r = Winnow(dir, "summarize -t " + std::string(WINNOW_TEST_DATA) +
                                      "/retail_export/invoices.csv --customer-col CustomerID --date-col "
                                      "InvoiceDate --quantity-col Quantity --price-col UnitPrice --date-format "
                                      "'%m/%d/%Y %H:%M' --on-bad-row skip --time-unit day -o out.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped 2 bad rows:\n  2 missing customer id\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3 purchase days cancelled by returns of the same day"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("left out 1 customers with returns but no purchase"), std::string::npos) << r.err;
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("out.csv")));
  ASSERT_EQ(lines.size(), 4u);
  // customer_id, frequency, recency, T, monetary_value, first, last, n_occasions, total_revenue, returned
  std::map<std::string, std::vector<std::string>> rows;
  for (size_t k = 1; k < lines.size(); ++k) {
    std::vector<std::string> f;
    std::stringstream in(lines[k]);
    for (std::string field; std::getline(in, field, ',');) f.push_back(field);
    rows[f[0]] = f;
  }
  ASSERT_EQ(rows.count("R100"), 1u);
  EXPECT_EQ(rows["R100"][1], "0");  // the cancelled day is no repeat purchase
  EXPECT_EQ(rows["R100"][4], "0");
  EXPECT_NEAR(std::stod(rows["R100"][8]), 2.90, 1e-9);
  EXPECT_NEAR(std::stod(rows["R100"][9]), 80000 * 2.0, 1e-6);
  EXPECT_EQ(rows.count("R200"), 0u);
  // R300: 8 purchase days, of which 2011-11-08 nets to 1 x 4.95 - 1 x 14.95 < 0; 2011-03-30
  // keeps 190 x 3.80 - 5 x 3.20.
  EXPECT_EQ(rows["R300"][1], "6");
  EXPECT_EQ(rows["R300"][6], "2011-10-14");
  EXPECT_EQ(rows["R400"][1], "14");  // its returns fall on days without purchases
}

TEST(Cli, AmountColumnAndQuantityTimesPriceExcludeEachOther) {
  TempDir dir;
  dir.Write("retail.csv", kOrderLineLog);
  const RunResult r =
      Winnow(dir, "summarize -t retail.csv -o out.csv --amount-col Amount --quantity-col Quantity --price-col UnitPrice");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "winnow: error: --amount-col and --quantity-col exclude each other: the amount is either a column or "
                   "quantity x price\n");
}

TEST(Cli, SimulateThenSummarizeRoundTrip) {
  TempDir dir;
  RunResult r = Winnow(dir, "simulate --customers 500 --seed 3 --start 2023-01-02 -o sim.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> sim = Lines(ReadFile(dir.File("sim.csv")));
  ASSERT_GT(sim.size(), 501u);
  EXPECT_EQ(sim[0], "customer_id,date,amount");
  EXPECT_NE(r.err.find("wrote " + std::to_string(sim.size() - 1) + " rows for 500 customers"), std::string::npos) << r.err;

  r = Winnow(dir, "summarize -t sim.csv -o summary.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> summary = Lines(ReadFile(dir.File("summary.csv")));
  ASSERT_EQ(summary.size(), 501u);  // every simulated customer made a first purchase
  EXPECT_EQ(summary[0].rfind("customer_id,frequency,recency,T,monetary_value", 0), 0u);
  std::vector<std::string> ids;
  for (size_t k = 1; k < summary.size(); ++k) ids.push_back(summary[k].substr(0, summary[k].find(',')));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids.front(), "C001");
  EXPECT_EQ(ids.back(), "C500");
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());

  // The same seed writes the same file.
  r = Winnow(dir, "simulate --customers 500 --seed 3 --start 2023-01-02 --threads 2 -o sim2.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir.File("sim2.csv")), ReadFile(dir.File("sim.csv")));
}

TEST(Cli, SimulateRejectsUnknownParameters) {
  TempDir dir;
  const RunResult r = Winnow(dir, "simulate --params r=1,alpa=2,a=1,b=1 -o sim.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown parameter \"alpa\" (did you mean \"alpha\"?)"), std::string::npos) << r.err;
  EXPECT_TRUE(FilesStartingWith(dir, "sim.csv").empty());
}

TEST(Cli, DescribePrintsCustomers) {
  TempDir dir;
  dir.Write("log.csv", kGoodLog);
  const RunResult r = Winnow(dir, "describe -t log.csv --json d.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("customers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rows read"), std::string::npos) << r.out;
  EXPECT_NE(ReadFile(dir.File("d.json")).find("customers"), std::string::npos);
}

TEST(Cli, SummarizesTheShippedCdnowExample) {
  const std::string example = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  TempDir dir;
  const RunResult r = Winnow(dir, "summarize -t '" + example +
                                      "' --delimiter whitespace --no-header --customer-col 2 --date-col 3 "
                                      "--amount-col 5 --date-format %Y%m%d --observation-end 1997-09-30 -o out.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("out.csv")));
  ASSERT_EQ(lines.size(), 2358u);
  // Customer 1 of the published summary: x = 2, t_x = 30.43, T = 38.86 weeks (213/7, 272/7).
  EXPECT_EQ(lines[1].rfind("0001,2,", 0), 0u) << lines[1];
  EXPECT_NE(r.err.find("left out"), std::string::npos) << r.err;
}

TEST(Cli, UnknownOptionSuggestsTheClosestOne) {
  TempDir dir;
  const RunResult r = Winnow(dir, "--quiet summarize --tranactions x.csv --out y.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option --tranactions for 'summarize'; did you mean --transactions?"), std::string::npos)
      << r.err;
}

TEST(Cli, FitAndPredictOnTheShippedCdnowExample) {
  TempDir dir;
  const std::string log = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  const std::string cdnow = "--transactions '" + log +
                            "' --delimiter whitespace --no-header --customer-col 2 --date-col 3 --amount-col 5 "
                            "--date-format %Y%m%d --calibration-end 1997-09-30 --observation-end 1998-06-30";
  RunResult r = Winnow(dir, "fit --model bgnbd " + cdnow + " --out bg.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = ReadFile(dir.File("bg.json"));
  EXPECT_NE(json.find("\"model\": \"bgnbd\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"log_likelihood\": -9582.4"), std::string::npos) << json;
  EXPECT_NE(json.find("\"n_customers\": 2357"), std::string::npos) << json;
  r = Winnow(dir, "fit --model gg " + cdnow + " --out gg.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "predict --model-file bg.json --spend-model gg.json " + cdnow + " --horizon 39 --out pred.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("pred.csv")));
  ASSERT_EQ(lines.size(), 2358u);
  EXPECT_EQ(lines[0], "customer_id,frequency,recency,T,expected_purchases,p_alive,dert,expected_spend,clv");
  EXPECT_EQ(lines[1].rfind("0001,2,", 0), 0u) << lines[1];
}

// predict --summary checks its rows as fit does, with the file, line, column, the raw line and a hint.
TEST(CliPredict, BadSummaryRowsAreErrorsWithLineAndColumn) {
  TempDir dir;
  ASSERT_EQ(Winnow(dir, "--quiet simulate --customers 500 --seed 3 -o sim.csv").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet fit --model bgnbd -t sim.csv --out m.json").exit_code, 0);
  const std::string predict = "predict --model-file m.json --summary s.csv --horizon 10 --out p.csv";
  dir.Write("s.csv", "customer_id,frequency,recency,T\nA,2,5,10\nB,1.5,3,10\n");
  RunResult r = Winnow(dir, predict);
  EXPECT_EQ(r.exit_code, 2);
  const std::string frequency_error =
      "winnow: error: s.csv:3:2: column \"frequency\": found 1.5; expected a whole number >= 0\n"
      "  3 | B,1.5,3,10\n"
      "hint: frequency counts repeat purchase occasions (occasions minus one); winnow summarize writes it\n";
  EXPECT_EQ(r.err, frequency_error);
  EXPECT_FALSE(Exists(dir.File("p.csv")));
  r = Winnow(dir, "fit --model bgnbd --summary s.csv --out m2.json");  // fit says the same
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, frequency_error);

  // More bad rows: the summary, and the exact message predict gives for it.
  const std::pair<std::string, std::string> bad[] = {
      {"customer_id,frequency,recency,T\nA,2,5,10\nB,1,3,10\nC,2,12,10\n",
       "winnow: error: s.csv:4:3: column \"recency\": found 12; expected a number from 0 to T (10)\n"
       "  4 | C,2,12,10\n"
       "hint: recency is the time from the first to the last purchase, so it lies between 0 and T; are the "
       "columns swapped?\n"},
      {"frequency,recency,T\n1,3,10\n0,2,10\n",
       "winnow: error: s.csv:3:2: column \"recency\": found 2; expected 0 when frequency is 0\n"
       "  3 | 0,2,10\n"
       "hint: a customer without repeat purchases has recency 0 (first and last purchase are the same)\n"},
      {"frequency,recency,T\n1,3,10\n0,0,-1\n",
       "winnow: error: s.csv:3:3: column \"T\": found -1; expected a number > 0\n"
       "  3 | 0,0,-1\n"
       "hint: T is the time from the first purchase to the end of the period\n"},
  };
  for (const auto& [summary, message] : bad) {
    dir.Write("s.csv", summary);
    r = Winnow(dir, predict);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, message);
  }
  dir.Write("s.csv", "customer_id,frequency,recency,T\nA,2,5,10\nB,0,0,10\n");
  r = Winnow(dir, predict);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Cli, FitErrorsAreClear) {
  TempDir dir;
  RunResult r = Winnow(dir, "fit --model bgnb --summary s.csv --out m.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown model \"bgnb\" (did you mean \"bgnbd\"?)"), std::string::npos) << r.err;
  dir.Write("s.csv", "customer_id,frequency,recency,T\nA,0,0,10\nB,0,0,12\n");
  r = Winnow(dir, "fit --model bgnbd --summary s.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("no customer has a repeat purchase"), std::string::npos) << r.err;
  EXPECT_FALSE(Exists(dir.File("m.json")));
  r = Winnow(dir, "predict --model-file missing.json --summary s.csv --horizon 0 --out p.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--horizon=0: must be > 0"), std::string::npos) << r.err;
}

TEST(Cli, CompareRanksModelsOnTheHoldout) {
  TempDir dir;
  const std::string log = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  const std::string cdnow = "--transactions '" + log +
                            "' --delimiter whitespace --no-header --customer-col 2 --date-col 3 --amount-col 5 "
                            "--date-format %Y%m%d --observation-end 1998-06-30";
  RunResult r = Winnow(dir, "compare --models bgnbd " + cdnow + " --out cmp.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("compare needs --calibration-end"), std::string::npos) << r.err;
  r = Winnow(dir, "compare --models bgnbd " + cdnow + " --calibration-end 1997-09-30 --out cmp.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("bgnbd"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1882.0"), std::string::npos) << r.out;
  const std::string json = ReadFile(dir.File("cmp.json"));
  EXPECT_NE(json.find("\"best\": \"bgnbd\""), std::string::npos);
  EXPECT_NE(json.find("\"tracking\""), std::string::npos);
  EXPECT_NE(json.find("\"conditional_expectations\""), std::string::npos);
}

// A log without churn (Pareto/NBD with a mean dropout rate of 1e-9 a week): every purchase model
// ends at its no-churn boundary. fit and compare say so; --strict makes it an error (exit 2).
TEST(Cli, DegenerateFitsWarnAndStrictFails) {
  TempDir dir;
  RunResult r = Winnow(dir, "--quiet simulate --model pnbd --params r=0.8,alpha=5,s=0.0001,beta=100000 --customers 3000 "
                            "--seed 3 --observation-length 104 --out nochurn.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "--quiet fit --model bgnbd --transactions nochurn.csv --out bg.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: [boundary] bgnbd"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning: [p_alive_near_one] bgnbd"), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(dir.File("bg.json")).find("\"code\": \"boundary\""), std::string::npos);
  r = Winnow(dir, "--quiet fit --model bgnbd --transactions nochurn.csv --strict --out strict.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("winnow: error: --strict: "), std::string::npos) << r.err;
  EXPECT_FALSE(Exists(dir.File("strict.json")));
  r = Winnow(dir, "--quiet compare --models bgnbd,mbgnbd,pnbd --transactions nochurn.csv --calibration-end 2025-01-01 "
                  "--out cmp.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chosen: bgnbd: tied on the holdout"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning: [collapsed] bgnbd, mbgnbd, pnbd collapse into one model"), std::string::npos) << r.err;
  const std::string json = ReadFile(dir.File("cmp.json"));
  EXPECT_NE(json.find("\"tied\": true"), std::string::npos);
  EXPECT_NE(json.find("\"code\": \"collapsed\""), std::string::npos);
}

TEST(Cli, SimulateDrawsEveryModel) {
  TempDir dir;
  for (const std::string model : {"mbgnbd", "pnbd"}) {
    RunResult r = Winnow(dir, "--quiet simulate --model " + model + " --customers 300 --seed 2 --out " + model + ".csv");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Lines(ReadFile(dir.File(model + ".csv")))[0], "customer_id,date,amount");
    r = Winnow(dir, "--quiet fit --model " + model + " --transactions " + model + ".csv --out " + model + ".json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult r = Winnow(dir, "--quiet simulate --model bgbb --customers 500 --seed 2 --out bgbb.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(ReadFile(dir.File("bgbb.csv")));
  ASSERT_EQ(lines.size(), 501u);
  EXPECT_EQ(lines[0], "customer_id,frequency,recency,periods");
  r = Winnow(dir, "--quiet fit --model bgbb --summary bgbb.csv --out bgbb.json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "--quiet simulate --model sbg --customers 500 --periods 8 --seed 2 --out sbg.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  lines = Lines(ReadFile(dir.File("sbg.csv")));
  EXPECT_EQ(lines[0], "customer_id,duration,churned");
  r = Winnow(dir, "--quiet fit --model sbg --summary sbg.csv --out sbg.json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "simulate --model pnbd --params r=1,alpha=2,a=3,b=4 --out x.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown parameter \"a\""), std::string::npos) << r.err;
}

TEST(Cli, LifetimeDertNeedsAClosedForm) {
  TempDir dir;
  const std::string log = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  const std::string cdnow = "--transactions '" + log +
                            "' --delimiter whitespace --no-header --customer-col 2 --date-col 3 --amount-col 5 "
                            "--date-format %Y%m%d --observation-end 1997-09-30";
  ASSERT_EQ(Winnow(dir, "--quiet fit --model pnbd " + cdnow + " --out pnbd.json").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet fit --model bgnbd " + cdnow + " --out bgnbd.json").exit_code, 0);
  RunResult r = Winnow(dir, "--quiet predict --model-file pnbd.json " + cdnow + " --horizon 39 --lifetime --discount-rate 0.0027 --out p.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("p.csv")));
  ASSERT_EQ(lines.size(), 2358u);
  r = Winnow(dir, "--quiet predict --model-file bgnbd.json " + cdnow + " --horizon 39 --lifetime --discount-rate 0.01 --out q.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no closed-form lifetime DERT"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

using winnow::testing::ReadFile;
using winnow::testing::TempDir;

std::vector<double> Fields(const std::string& line) {
  std::vector<double> out;
  std::stringstream in(line);
  std::string field;
  std::getline(in, field, ',');  // customer_id
  while (std::getline(in, field, ',')) out.push_back(std::stod(field));
  return out;
}

TEST(CliPredict, BgBbPredictsFromADiscreteSummary) {
  TempDir dir;
  ASSERT_EQ(Winnow(dir, "--quiet simulate --model bgbb --customers 1500 --seed 4 --out s.csv").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet fit --model bgbb --summary s.csv --out m.json").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet predict --model-file m.json --summary s.csv --horizon 5 --discount-rate 0.1 "
                        "--unit-value 50 --margin 0.5 --out p.csv")
                .exit_code,
            0);
  const std::vector<std::string> lines = Lines(ReadFile(dir.File("p.csv")));
  ASSERT_EQ(lines.size(), 1501u);
  EXPECT_EQ(lines[0], "customer_id,frequency,recency,periods,p_alive,expected_purchases,dert,clv");
  for (size_t k = 1; k < lines.size(); ++k) {
    const std::vector<double> f = Fields(lines[k]);  // x, t_x, n, p_alive, expected, dert, clv
    ASSERT_EQ(f.size(), 7u);
    EXPECT_GE(f[3], 0);
    EXPECT_LE(f[3], 1);
    EXPECT_LE(f[4], 5 * f[3] + 1e-9);  // at most one transaction per opportunity while alive
    EXPECT_LT(f[5], f[4] + 1e-12);
    EXPECT_NEAR(f[6], 0.5 * 50 * f[5], 1e-9 * (1 + f[6]));
  }
  const RunResult from_log = Winnow(dir, "predict --model-file m.json --transactions s.csv --horizon 5 --out q.csv");
  EXPECT_EQ(from_log.exit_code, 2);
  EXPECT_NE(from_log.err.find("the bgbb model predicts from a summary: give --summary (frequency,recency,periods)"),
            std::string::npos);
}

TEST(CliPredict, ShiftedBgLifetimeEqualsTheLongHorizonSum) {
  TempDir dir;
  ASSERT_EQ(Winnow(dir, "--quiet simulate --model sbg --customers 1500 --seed 4 --out s.csv").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet fit --model sbg --summary s.csv --out m.json").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet predict --model-file m.json --summary s.csv --horizon 4000 --discount-rate 0.1 --out long.csv")
                .exit_code,
            0);
  ASSERT_EQ(Winnow(dir, "--quiet predict --model-file m.json --summary s.csv --horizon 3 --discount-rate 0.1 --lifetime "
                        "--unit-value 20 --out life.csv")
                .exit_code,
            0);
  const std::vector<std::string> long_lines = Lines(ReadFile(dir.File("long.csv")));
  const std::vector<std::string> life_lines = Lines(ReadFile(dir.File("life.csv")));
  ASSERT_EQ(long_lines.size(), life_lines.size());
  EXPECT_EQ(life_lines[0], "customer_id,duration,churned,p_alive,retention_next,expected_periods,dert,clv");
  size_t active = 0;
  for (size_t k = 1; k < life_lines.size(); ++k) {
    const std::vector<double> a = Fields(long_lines[k]), b = Fields(life_lines[k]);
    if (b[1] == 1) {  // churned: nothing to come
      EXPECT_EQ(b[2], 0);
      EXPECT_EQ(b[5], 0);
      continue;
    }
    ++active;
    EXPECT_EQ(b[2], 1);
    EXPECT_GT(b[3], 0);
    EXPECT_LT(b[3], 1);
    EXPECT_NEAR(b[5], a[5], 1e-9 * a[5]);  // DERL / (1 + d) = the discounted sum to infinity
    EXPECT_NEAR(b[6], 20 * b[5], 1e-9 * b[6]);
  }
  EXPECT_GT(active, 100u);
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

TEST(CliDistribution, NewCustomerCountsSumToOneAndMatchTheMean) {
  winnow::testing::TempDir dir;
  dir.Write("m.json",
            R"({"model": "bgnbd", "params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, "std_errors": {},)"
            R"( "log_likelihood": -9582.4, "n_customers": 2357, "time_unit": "week"})");
  const RunResult r = Winnow(dir, "distribution --model-file m.json --horizon 39 --max 400 --customers 2357 --out d.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(winnow::testing::ReadFile(dir.File("d.csv")));
  ASSERT_EQ(lines.size(), 403u);  // header, 0..400, more
  EXPECT_EQ(lines[0], "purchases,probability,expected_customers");
  double total = 0, mean = 0;
  for (size_t k = 1; k < lines.size(); ++k) {
    const std::vector<double> f = Fields(lines[k]);
    total += f[0];
    if (k + 1 < lines.size()) mean += static_cast<double>(k - 1) * f[0];
    EXPECT_NEAR(f[1], 2357 * f[0], 1e-9 * (1 + f[1]));
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  // The mean of eq. 8's distribution equals eq. 9's closed form E[X(t)] = (a+b-1)/(a-1)
  // [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))], which the command prints: 1.19672
  // at these (rounded published) parameters.
  EXPECT_NEAR(mean, 1.19672, 5e-6);
  EXPECT_NE(r.err.find("E[X(39)] = 1.19672 (the listed counts give 1.19672;"), std::string::npos) << r.err;
  dir.Write("p.json", R"({"model": "pnbd", "params": {"r": 1, "alpha": 1, "s": 1, "beta": 1}, "log_likelihood": 0,)"
                      R"( "n_customers": 1, "time_unit": "week"})");
  const RunResult wrong = Winnow(dir, "distribution --model-file p.json --horizon 39");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("p.json is a pnbd model; the count distribution is BG/NBD's"), std::string::npos) << wrong.err;
}

// --model names a model in every command; predict and distribution read the fitted model's file
// with --model-file, and the old form --model FILE (or -m FILE) is a usage error that says so.
TEST(CliModelFile, TheOldFormOfTheModelFileOptionSaysWhereTheFileGoes) {
  winnow::testing::TempDir dir;
  dir.Write("m.json",
            R"({"model": "bgnbd", "params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, "std_errors": {},)"
            R"( "log_likelihood": -9582.4, "n_customers": 2357, "time_unit": "week"})");
  const std::string expected =
      "winnow: --model now names a model (bgnbd, mbgnbd, pnbd, bgbb, sbg, gg); give the fitted model's file with "
      "--model-file\n";
  for (const std::string command : {"predict --model m.json --summary s.csv --horizon 5 --out p.csv",
                                    "predict -m m.json --summary s.csv --horizon 5 --out p.csv",
                                    "distribution --model m.json --horizon 39", "distribution -m m.json --horizon 39"}) {
    const RunResult r = Winnow(dir, command);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1), expected) << command;
    EXPECT_FALSE(winnow::testing::Exists(dir.File("p.csv"))) << command;
  }
  const RunResult r = Winnow(dir, "distribution --model-file m.json --horizon 39 --max 2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "purchases,probability,expected_customers");
}

}  // namespace
}  // namespace winnow

// ---------------------------------------------------------------------------------------------
// Issue 10, limits and messages (branch limits): options that size work or memory have limits,
// NaN, infinities and out-of-range values are usage errors (exit 2) naming the option, and the
// ordinary reasons a model cannot be fitted say why and what to try.
namespace winnow {
namespace {

using winnow::testing::TempDir;

// A fitted model of each kind, written by hand (the published estimates), for the option checks.
void WriteModels(const TempDir& dir) {
  dir.Write("bg.json", R"({"model": "bgnbd", "params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},)"
                       R"( "log_likelihood": -9582.4, "n_customers": 2357, "time_unit": "week"})");
  dir.Write("bb.json", R"({"model": "bgbb", "params": {"alpha": 1.204, "beta": 0.75, "gamma": 0.657, "delta": 2.783},)"
                       R"( "log_likelihood": -1, "n_customers": 11104, "time_unit": "week"})");
  dir.Write("sb.json", R"({"model": "sbg", "params": {"alpha": 0.704, "beta": 1.182},)"
                       R"( "log_likelihood": -1, "n_customers": 1000, "time_unit": "week"})");
  dir.Write("gg.json", R"({"model": "gg", "params": {"p": 6.25, "q": 3.74, "gamma": 15.44},)"
                       R"( "log_likelihood": -1, "n_customers": 946, "time_unit": "week"})");
  dir.Write("bb.csv", "customer_id,frequency,recency,periods\nA,3,5,6\nB,0,0,6\n");
  dir.Write("sb.csv", "customer_id,duration,churned\nA,3,0\nB,2,1\n");
  dir.Write("s.csv", "customer_id,frequency,recency,T,monetary_value\nA,2,5,10,20\nB,0,0,10,0\n");
}

TEST(CliLimits, NumericOptionsRejectNanInfinityAndValuesOutOfRange) {
  TempDir dir;
  WriteModels(dir);
  const std::pair<std::string, std::string> cases[] = {
      {"predict --model-file bg.json --spend-model gg.json --summary s.csv --horizon 10 --margin 1e308 --out p.csv",
       "--margin=1e+308: must be from 0 to 1 (share of spend that is profit)"},
      {"predict --model-file bb.json --summary bb.csv --horizon 5 --unit-value nan --out p.csv",
       "--unit-value=nan: must be from 0 to 1000000000000 (money per transaction or period)"},
      {"predict --model-file sb.json --summary sb.csv --horizon 5 --unit-value nan --out p.csv",
       "--unit-value=nan: must be from 0 to 1000000000000 (money per transaction or period)"},
      {"predict --model-file bb.json --summary bb.csv --horizon 3e9 --out p.csv",
       "--horizon=3000000000: must be > 0 and at most 10000 (time units; periods for bgbb and sbg)"},
      {"predict --model-file sb.json --summary sb.csv --horizon 3e9 --out p.csv",
       "--horizon=3000000000: must be > 0 and at most 10000 (time units; periods for bgbb and sbg)"},
      {"predict --model-file bg.json --summary s.csv --horizon 1e9 --discount-rate 0.01 --out p.csv",
       "--horizon=1000000000: must be > 0 and at most 10000 (time units; periods for bgbb and sbg)"},
      {"predict --model-file bg.json --summary s.csv --horizon inf --out p.csv",
       "--horizon=inf: must be > 0 and at most 10000 (time units; periods for bgbb and sbg)"},
      {"predict --model-file bg.json --summary s.csv --horizon 10 --discount-rate nan --out p.csv",
       "--discount-rate=nan: must be from 0 to 1 (per time unit)"},
      {"distribution --model-file bg.json --horizon 39 --customers nan --out p.csv",
       "--customers=nan: must be > 0 and at most 1000000000000 (customers)"},
      {"distribution --model-file bg.json --horizon 39 --customers -5 --out p.csv",
       "--customers=-5: must be > 0 and at most 1000000000000 (customers)"},
      {"distribution --model-file bg.json --horizon 39 --max 100000 --out p.csv",
       "--max=100000: must be from 0 to 10000 (purchases)"},
      {"distribution --model-file bg.json --horizon 1e9 --out p.csv",
       "--horizon=1000000000: must be > 0 and at most 10000 (time units)"},
      {"fit --model bgnbd --summary s.csv --penalizer nan --out p.csv", "--penalizer=nan: must be from 0 to 1000000"},
      {"fit --model bgnbd --summary s.csv --penalizer -1 --out p.csv", "--penalizer=-1: must be from 0 to 1000000"},
      {"summarize -t s.csv --threads 4611686018427387904 --out p.csv",
       "--threads=4611686018427387904: must be from 0 (all cores) to 1024 (threads)"},
      {"fit --model bgnbd --summary s.csv --threads 5000 --out p.csv",
       "--threads=5000: must be from 0 (all cores) to 1024 (threads)"},
      {"simulate --threads 5000 --out p.csv", "--threads=5000: must be from 0 (all cores) to 1024 (threads)"},
      {"simulate --start 9999-12-01 --out p.csv",
       "--start \"9999-12-01\": \"9999-12-01\" is outside the dates winnow accepts (1900-01-01 to 2199-12-31)"},
      {"simulate --start 1899-12-31 --out p.csv",
       "--start \"1899-12-31\": \"1899-12-31\" is outside the dates winnow accepts (1900-01-01 to 2199-12-31)"},
      {"simulate --observation-length 1e9 --out p.csv",
       "--observation-length=1000000000: must be > 0 and at most 9183.28 (weeks from --start to 2199-12-31)"},
      {"simulate --observation-length nan --out p.csv",
       "--observation-length=nan: must be > 0 and at most 9183.28 (weeks from --start to 2199-12-31)"},
      {"simulate --cohort-length 100 --out p.csv", "--cohort-length=100: must be from 0 to 78 (weeks, within --observation-length)"},
      {"simulate --customers 200000000 --out p.csv", "--customers=200000000: must be from 1 to 100000000 (customers)"},
      {"simulate --model sbg --customers 0 --out p.csv", "--customers=0: must be from 1 to 100000000 (customers)"},
      {"simulate --model bgbb --periods 20000 --out p.csv", "--periods=20000: must be from 1 to 10000 (periods)"},
      {"simulate --id-prefix " + std::string(65, 'x') + " --out p.csv", "--id-prefix: 65 bytes; must be at most 64"},
      {"simulate --id-prefix \xff --out p.csv", "--id-prefix: must be valid UTF-8 text"},
  };
  for (const auto& [args, message] : cases) {
    const RunResult r = Winnow(dir, args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.err, "winnow: error: " + message + "\n") << args;
    EXPECT_FALSE(Exists(dir.File("p.csv"))) << args;
  }
  const RunResult product = Winnow(dir, "simulate --model bgbb --customers 1000000 --periods 5000 --out p.csv");
  EXPECT_EQ(product.exit_code, 2);
  EXPECT_EQ(product.err,
            "winnow: error: --customers=1000000 x --periods=5000: must be at most 1000000000 customer-periods\n"
            "hint: simulate fewer customers or fewer periods\n");
}

// The reading and period options come from one table (project/log_options.h): every command that
// reads a log offers each entry with a flag, with its help text and default.
TEST(CliOptions, EveryLogReadingCommandOffersTheDeclaredOptions) {
  TempDir dir;
  for (const std::string command : {"summarize", "describe", "fit", "predict", "compare"}) {
    const std::string help = Winnow(dir, command + " --help").out;
    for (const project::LogOption& option : project::LogOptions()) {
      if (!option.OnCommandLine()) continue;
      EXPECT_NE(help.find(option.flag), std::string::npos) << command << " " << option.flag;
      EXPECT_NE(help.find(option.help), std::string::npos) << command << " " << option.flag;
      if (!option.default_text.empty()) {
        // "--delimiter TEXT=comma   Field separator...", "--on-bad-row TEXT:{error,skip}=error"
        const size_t at = help.find(option.flag + " TEXT");
        const size_t type = at + option.flag.size() + 1;
        const std::string word = at == std::string::npos ? "" : help.substr(type, help.find_first_of(" \n", type) - type);
        EXPECT_EQ(word.substr(word.rfind('=') + 1), option.default_text) << command << " " << option.flag;
      }
    }
  }
}

// --threads is declared once (cli/options.h): in every command that takes it, a huge or negative
// count is a usage error before any work, quoting the number as written.
TEST(CliLimits, HugeThreadsIsAUsageErrorInEveryCommand) {
  TempDir dir;
  WriteModels(dir);
  const std::pair<std::string, std::string> commands[] = {
      {"summarize", "summarize -t s.csv --out p.csv"},
      {"describe", "describe -t s.csv"},
      {"fit", "fit --model bgnbd --summary s.csv --out p.csv"},
      {"predict", "predict --model-file bg.json --summary s.csv --horizon 10 --out p.csv"},
      {"compare", "compare -t s.csv --calibration-end 2024-01-01 --out p.csv"},
      {"simulate", "simulate --customers 10 --out p.csv"},
      {"run", "run ."},
      {"plan", "plan ."},
      {"experts", "experts ."},
  };
  // Every command whose --help lists --threads is here (serve's are event-loop threads, below).
  std::set<std::string> with_threads;
  bool in_commands = false;
  for (const std::string& line : Lines(Winnow(dir, "--help").out)) {
    if (line == "Subcommands:") in_commands = true;
    if (!in_commands || line.rfind("  ", 0) != 0) continue;
    std::istringstream words(line);
    std::string name;
    words >> name;
    if (Winnow(dir, name + " --help").out.find("--threads") != std::string::npos) with_threads.insert(name);
  }
  EXPECT_GE(with_threads.size(), 8u);
  with_threads.erase("serve");
  std::set<std::string> tested;
  for (const auto& [name, args] : commands) tested.insert(name);
  EXPECT_EQ(with_threads, tested);
  for (const std::string threads : {"99999999999", "-1", "123456789012345678901234567890"}) {
    for (const auto& [name, args] : commands) {
      const RunResult r = Winnow(dir, args + " --threads " + threads);
      EXPECT_EQ(r.exit_code, 2) << args;
      EXPECT_EQ(r.err, "winnow: error: --threads=" + threads + ": must be from 0 (all cores) to 1024 (threads)\n")
          << args;
      EXPECT_FALSE(Exists(dir.File("p.csv"))) << args;
    }
  }
  RunResult r = Winnow(dir, "summarize -t s.csv --threads 1e3 --out p.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "winnow: Could not convert: --threads = 1e3\nRun 'winnow --help' or 'winnow COMMAND --help' for usage.\n");
  r = Winnow(dir, "serve . --threads 99999999999");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "winnow: --threads: Value 99999999999 not in range 1 to 64\n"
                   "Run 'winnow --help' or 'winnow COMMAND --help' for usage.\n");
  // --penalizer, declared once too: the same check in fit and compare.
  for (const std::string args : {"fit --model bgnbd --summary s.csv --out p.csv", "compare -t s.csv --out p.csv"}) {
    r = Winnow(dir, args + " --penalizer 2e6");
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.err, "winnow: error: --penalizer=2000000: must be from 0 to 1000000\n") << args;
  }
}

// At the limits themselves the commands work, and what simulate writes near the last date is read back.
TEST(CliLimits, ValuesAtTheLimitsWork) {
  TempDir dir;
  WriteModels(dir);
  RunResult r = Winnow(dir, "--quiet predict --model-file bb.json --summary bb.csv --horizon 10000 --discount-rate 0.1 "
                            "--unit-value 1e12 --margin 1 --out p.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(ReadFile(dir.File("p.csv"))).size(), 3u);
  r = Winnow(dir, "--quiet predict --model-file sb.json --summary sb.csv --horizon 10000 --out q.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "--quiet distribution --model-file bg.json --horizon 10000 --max 10000 --customers 1e12 --out d.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(ReadFile(dir.File("d.csv"))).size(), 10003u);
  r = Winnow(dir, "--quiet simulate --customers 200 --start 2198-01-01 --observation-length 104 --out sim.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Winnow(dir, "--quiet summarize -t sim.csv --threads 1024 --out sum.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Regression: fit --model sbg crashed (SIGSEGV) on a summary row with duration 0.
TEST(CliLimits, SbgDurationZeroIsAnErrorWithLineAndColumn) {
  TempDir dir;
  dir.Write("c.csv", "customer_id,duration,churned\nA,3,0\nB,0,1\nC,2,1\n");
  const RunResult r = Winnow(dir, "fit --model sbg --summary c.csv --out m.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "winnow: error: c.csv:3:2: column \"duration\": found 0; expected a whole number >= 1 (periods observed)\n"
            "  3 | B,0,1\n");
  EXPECT_FALSE(Exists(dir.File("m.json")));
}

TEST(CliMessages, NoCustomersToFitSaysHowManyWhyAndWhatToTry) {
  TempDir dir;
  dir.Write("one.csv", "customer_id,date,amount\nA,2024-01-01,5\n");
  RunResult r = Winnow(dir, "fit --model bgnbd -t one.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "winnow: error: bgnbd: no customers to fit: the one customer read was observed for no time (T = 0: the "
            "first purchase is on the last day of the period), which tells nothing about purchase rates or dropout\n"
            "hint: bgnbd needs customers observed over a time, some with repeat purchases: use a log that covers more "
            "time, or a later --observation-end\n");
  dir.Write("otb.csv", "customer_id,date,amount\nA,2024-01-01,5\nB,2024-02-01,5\nC,2024-02-15,4\nD,2024-03-01,4\n");
  r = Winnow(dir, "fit --model pnbd -t otb.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "winnow: error: pnbd: no customer has a repeat purchase: all 3 customers fitted are one-time buyers, so "
            "purchase rates and dropout cannot be told apart\n"
            "hint: pnbd needs some customers who bought again on a later day: use a log that covers more time (a later "
            "--observation-end) or more customers; winnow describe shows the repeat buying of a log\n");
  r = Winnow(dir, "fit --model gg -t otb.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "winnow: error: gg: 0 of the 4 customers read have repeat purchases with a positive mean spend; the "
            "Gamma-Gamma spend model needs at least 2\n"
            "hint: the spend model is fitted on the mean amount of repeat purchases, so one-time buyers do not count: "
            "use a log that covers more time (a later --observation-end) or more customers\n");
  dir.Write("h.csv", "customer_id,frequency,recency,T\n");
  r = Winnow(dir, "fit --model mbgnbd --summary h.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "winnow: error: mbgnbd: no customers to fit: the data have no rows\n"
            "hint: fit needs a log with purchases (--transactions) or a summary with a row per customer (--summary)\n");
  EXPECT_FALSE(Exists(dir.File("m.json")));
}

TEST(CliMessages, DataOutOfScaleNamesTheParameterInsteadOfTheOptimizersBounds) {
  TempDir dir;
  dir.Write("s.csv", "frequency,recency,T,monetary_value\n1,1,2,1e300\n3,1,2,5e299\n0,0,1,3\n");
  const RunResult r = Winnow(dir, "fit --model gg --summary s.csv --out m.json");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "winnow: error: gg: the data are outside the range the fit can handle: parameter gamma would start at "
            "7.5e+299, and the fit searches 9.36e-14 to 1.07e+13\n"
            "hint: the largest monetary_value is 1e+300: check that recency and T are durations in days, weeks or "
            "months (not dates or seconds) and that amounts are in a plausible currency unit\n");
}

}  // namespace
}  // namespace winnow

// ---- Issue 10, item 3: outputs as one unit (a run killed mid-write, full disks, closed or
// broken stdout, symbolic links at temporary names). Kept as one block for merging. ----

namespace winnow {
namespace {

namespace fs = std::filesystem;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

// Every entry of `folder`, hidden ones too, with its content ("<dir>" for a folder).
std::map<std::string, std::string> FolderContents(const std::string& folder) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::string& text = contents[entry.path().filename().string()];
    if (!entry.is_directory()) {
      text = ReadFile(entry.path().string());
      continue;
    }
    // A folder (rep_plans/): its files' names and contents, in name order.
    for (const auto& [name, content] : FolderContents(entry.path().string())) text += "<" + name + ">\n" + content;
  }
  return contents;
}

std::vector<std::string> EntryNames(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& [name, content] : FolderContents(folder)) names.push_back(name);
  return names;
}

// Runs `winnow <args>` in `dir` as a child process, stdout and stderr to /dev/null, with the
// environment variable WINNOW_TEST_STOP_AFTER=stop_after (see src/cli/run_command.cc). When it
// stops itself there, kills it with SIGKILL and returns true; false when it ran to its end.
bool KillWhenStopped(const TempDir& dir, const std::vector<std::string>& args, const std::string& stop_after) {
  std::vector<std::string> env_text = {"WINNOW_TEST_STOP_AFTER=" + stop_after};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("WINNOW_TEST_STOP_AFTER=", 0) != 0) env_text.push_back(*e);
  }
  std::vector<char*> envp, argv = {const_cast<char*>("winnow")};
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_text = args;
  for (auto& a : arg_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (::chdir(dir.path().c_str()) == 0) ::execve(WINNOW_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, WUNTRACED);
  if (!WIFSTOPPED(status)) return false;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return true;
}

// Runs a shell script in `dir` ("WINNOW" names the binary), capturing stdout and stderr.
RunResult Shell(const TempDir& dir, std::string script) {
  for (size_t at; (at = script.find("WINNOW")) != std::string::npos;) script.replace(at, 6, "'" WINNOW_BINARY "'");
  const std::string out = dir.File(".stdout"), err = dir.File(".stderr");
  const int status = std::system(("cd '" + dir.path() + "' && (" + script + ") >'" + out + "' 2>'" + err + "'").c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  fs::remove(out);
  fs::remove(err);
  return result;
}

// A sample project p/ (400 simulated pharma accounts) and its winnow.toml observed to
// 2026-09-30 (the "old" run) or to 2026-08-31 (the "new" one: every output differs).
struct TwoRuns {
  std::string old_toml, new_toml;
  std::map<std::string, std::string> old_out, new_out;
};
TwoRuns MakeTwoRuns(const TempDir& dir) {
  TwoRuns runs;
  EXPECT_EQ(Winnow(dir, "--quiet simulate --scenario pharma --customers 400 --seed 3 --out p").exit_code, 0);
  runs.old_toml = ReadFile(dir.File("p/winnow.toml"));
  runs.new_toml = runs.old_toml;
  const size_t at = runs.new_toml.find("observation_end = \"2026-09-30\"");
  EXPECT_NE(at, std::string::npos) << runs.old_toml;
  if (at != std::string::npos) runs.new_toml.replace(at, 30, "observation_end = \"2026-08-31\"");
  // Each run marks the alerts that are new since the previous one: the new run follows an old one,
  // the old one a new one, as they do below.
  EXPECT_EQ(Winnow(dir, "--quiet run p").exit_code, 0);
  dir.Write("p/winnow.toml", runs.new_toml);
  EXPECT_EQ(Winnow(dir, "--quiet run p").exit_code, 0);
  runs.new_out = FolderContents(dir.File("p/out"));
  dir.Write("p/winnow.toml", runs.old_toml);
  EXPECT_EQ(Winnow(dir, "--quiet run p").exit_code, 0);
  runs.old_out = FolderContents(dir.File("p/out"));
  // Every output differs, but the experts' (they do not depend on the observation end).
  for (const auto& [name, text] : runs.old_out) {
    if (name.rfind("expert", 0) != 0) {
      EXPECT_NE(runs.new_out[name], text) << name;
    }
  }
  return runs;
}

// The hidden staging folders beside out/ (a killed run's).
size_t StagingFolders(const TempDir& dir) {
  size_t count = 0;
  for (const std::string& name : EntryNames(dir.File("p"))) count += name.rfind(".out.winnow-", 0) == 0 && name != ".out.winnow-lock";
  return count;
}

// The finding: kill -9 during the write phase left customers.csv of the new run beside
// alerts.csv of the last, and *.tmp-<pid> files that no later run removed. Killed right after
// each output (and right after the swap), out/ is now entirely the old run (entirely the new
// one once swapped); the next run removes what the killed one left.
TEST(CliOutputs, KilledRunLeavesTheOldOrTheNewOutputsNeverAMix) {
  TempDir dir;
  const TwoRuns runs = MakeTwoRuns(dir);
  dir.Write("p/winnow.toml", runs.new_toml);
  std::vector<std::string> points = {"customers.csv", "alerts.csv", "reference_customers.csv", "accounts.csv",
                                     "model.json", "spend_model.json", "results.json"};
  if (runs.old_out.count("report.html")) points.push_back("report.html");  // built with the web bundle
  points.push_back("swapped");
  for (const std::string& point : points) {
    ASSERT_TRUE(KillWhenStopped(dir, {"run", "p"}, point)) << point;
    EXPECT_EQ(FolderContents(dir.File("p/out")), point == "swapped" ? runs.new_out : runs.old_out) << point;
    // The killed run's staging folder; the one killed before was removed by this run.
    EXPECT_EQ(StagingFolders(dir), 1u) << point;
  }
  // The next run removes what the killed one left (back to the old run, then the new one after it).
  dir.Write("p/winnow.toml", runs.old_toml);
  const RunResult next = Winnow(dir, "--quiet run p");
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(FolderContents(dir.File("p/out")), runs.old_out);
  dir.Write("p/winnow.toml", runs.new_toml);
  ASSERT_EQ(Winnow(dir, "--quiet run p").exit_code, 0);
  EXPECT_EQ(FolderContents(dir.File("p/out")), runs.new_out);
  EXPECT_EQ(EntryNames(dir.File("p")), (std::vector<std::string>{".out.winnow-lock", "data", "out", "truth", "winnow.toml"}));
}

// The finding: on a full disk out/ kept 7 new files beside the old report. A file size limit
// (write fails with EFBIG, as on a full disk) now leaves the previous run whole, and no success
// message.
TEST(CliOutputs, AFullDiskDuringARunKeepsThePreviousOutputs) {
  TempDir dir;
  const TwoRuns runs = MakeTwoRuns(dir);
  dir.Write("p/winnow.toml", runs.new_toml);
  const RunResult r = Shell(dir, "ulimit -f 100 && WINNOW run p");  // customers.csv is larger
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("customers.csv: cannot write: File too large"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(FolderContents(dir.File("p/out")), runs.old_out);
  EXPECT_EQ(StagingFolders(dir), 0u);
}

// The finding: distribution and describe reported success when their output could not be
// written. Every command: a full device, and a closed stdout, are exit status 3 with the reason
// and no success message.
TEST(CliOutputs, EveryCommandFailsWhenItsOutputCannotBeWritten) {
  TempDir dir;
  const std::string cdnow = "--transactions '" + std::string(WINNOW_EXAMPLES) +
                            "/cdnow/CDNOW_sample.txt' --delimiter whitespace --no-header --customer-col 2 --date-col 3 "
                            "--amount-col 5 --date-format %Y%m%d --calibration-end 1997-09-30 --observation-end 1998-06-30";
  ASSERT_EQ(Winnow(dir, "--quiet fit --model bgnbd " + cdnow + " --out bg.json").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet fit --model gg " + cdnow + " --out gg.json").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet simulate --scenario pharma --customers 200 --seed 3 --out p").exit_code, 0);
  ASSERT_EQ(Winnow(dir, "--quiet run p --no-report").exit_code, 0);
  const std::vector<std::string> to_stdout = {
      "summarize " + cdnow + " --out -",
      "describe " + cdnow,
      "fit --model bgnbd " + cdnow + " --out -",
      "predict --model-file bg.json --spend-model gg.json " + cdnow + " --horizon 39 --out -",
      "distribution --model-file bg.json --horizon 39",
      "simulate --model bgnbd --customers 100 --seed 1 --out -",
      "compare --models bgnbd,mbgnbd " + cdnow,
      "run p --no-report",
  };
  for (const std::string& command : to_stdout) {
    for (const auto& [redirect, reason] : std::vector<std::pair<std::string, std::string>>{
             {" >/dev/full", "No space left on device"}, {" >&-", "Bad file descriptor"}}) {
      const RunResult r = Shell(dir, "WINNOW " + command + redirect);
      EXPECT_EQ(r.exit_code, 3) << command << redirect << "\n" << r.err;
      EXPECT_NE(r.err.find("winnow: error: standard output: cannot write: " + reason), std::string::npos)
          << command << redirect << "\n" << r.err;
      for (const char* success : {"wrote", "written", "E[X("}) {
        EXPECT_EQ(r.err.find(success), std::string::npos) << command << redirect << "\n" << r.err;
      }
    }
  }
  const std::vector<std::string> to_file = {
      "summarize " + cdnow + " --out /dev/full",
      "describe " + cdnow + " --json /dev/full",
      "fit --model bgnbd " + cdnow + " --out /dev/full",
      "predict --model-file bg.json " + cdnow + " --horizon 39 --out /dev/full",
      "distribution --model-file bg.json --horizon 39 --out /dev/full",
      "simulate --model bgnbd --customers 100 --seed 1 --out /dev/full",
      "compare --models bgnbd " + cdnow + " --out /dev/full",
      "report p",
  };
  fs::create_symlink("/dev/full", dir.File("p/out/report.html"));
  for (const std::string& command : to_file) {
    const RunResult r = Winnow(dir, command);
    EXPECT_EQ(r.exit_code, 3) << command << "\n" << r.err;
    EXPECT_NE(r.err.find(": cannot write: No space left on device"), std::string::npos) << command << "\n" << r.err;
    for (const char* success : {"wrote", "written", "E[X("}) {
      EXPECT_EQ(r.err.find(success), std::string::npos) << command << "\n" << r.err;
    }
  }
}

TEST(CliOutputs, ABrokenPipeIsAnError) {
  TempDir dir;
  const RunResult r = Shell(dir, "{ WINNOW simulate --model bgnbd --customers 100000 --seed 1 --out -; echo $? >rc; } | "
                                 "head -c 1 >/dev/null");
  EXPECT_EQ(ReadFile(dir.File("rc")), "3\n");
  EXPECT_NE(r.err.find("winnow: error: standard output: cannot write: Broken pipe"), std::string::npos) << r.err;
}

// The finding: a symbolic link at the temporary file's predictable name (<out>.tmp-<pid>) was
// followed and a file outside the project overwritten. The link is planted for the very pid of
// the winnow that then writes (it waits on a pipe until the link is there).
TEST(CliOutputs, ASymlinkAtTheOldTemporaryNameIsNotFollowed) {
  TempDir dir, outside;
  dir.Write("log.csv", kGoodLog);
  const std::string victim = outside.Write("victim.txt", "precious\n");
  const std::string stale = ".out.csv.winnow-St4le0";  // a temporary file of a killed winnow
  dir.Write(stale, "partial");
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    char byte;
    ::close(go[1]);
    if (::read(go[0], &byte, 1) == 1 && ::chdir(dir.path().c_str()) == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(WINNOW_BINARY, "winnow", "summarize", "-t", "log.csv", "-o", "out.csv", static_cast<char*>(nullptr));
    }
    ::_exit(127);
  }
  ::close(go[0]);
  const std::string planted = "out.csv.tmp-" + std::to_string(pid);
  fs::create_symlink(victim, dir.File(planted));
  ASSERT_EQ(::write(go[1], "x", 1), 1);
  ::close(go[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(ReadFile(victim), "precious\n");
  EXPECT_EQ(EntryNames(outside.path()), std::vector<std::string>{"victim.txt"});
  EXPECT_TRUE(fs::is_symlink(dir.File(planted)));
  EXPECT_FALSE(fs::is_symlink(dir.File("out.csv")));
  EXPECT_EQ(ReadFile(dir.File("out.csv")).rfind("customer_id,", 0), 0u);
  // The killed winnow's temporary file is gone; nothing else is left.
  EXPECT_EQ(EntryNames(dir.path()), (std::vector<std::string>{"log.csv", "out.csv", planted}));
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

// `winnow plan` on a simulated project with reps: the goals from the command line, and what it
// refuses (issue 12).
TEST(CliPlan, GoalsFromTheCommandLine) {
  TempDir dir;
  ASSERT_EQ(Winnow(dir, "--quiet simulate --scenario pharma --customers 600 --seed 3 --out p").exit_code, 0);
  const RunResult budget = Winnow(dir, "--quiet plan p --no-report --budget 20000");
  ASSERT_EQ(budget.exit_code, 0) << budget.err;
  EXPECT_NE(budget.out.find("plan             "), std::string::npos) << budget.out;
  const nlohmann::json fixed = nlohmann::json::parse(ReadFile(dir.File("p/out/results.json")))["plan"];
  EXPECT_EQ(fixed["budget"], 20000.0);
  EXPECT_LE(fixed["plan"]["cost"].get<double>(), 20000.0);
  EXPECT_TRUE(Exists(dir.File("p/out/plan.csv")));
  // The smallest budget reaching half the gain that budget bought.
  const double half = fixed["plan"]["expected_gain"].get<double>() / 2;
  const RunResult target =
      Winnow(dir, fmt::format("--quiet plan p --no-report --goal target --target-gain {}", half));
  ASSERT_EQ(target.exit_code, 0) << target.err;
  const nlohmann::json reached = nlohmann::json::parse(ReadFile(dir.File("p/out/results.json")))["plan"];
  EXPECT_EQ(reached["goal"], "target");
  EXPECT_GE(reached["plan"]["expected_gain"].get<double>(), half);
  EXPECT_LT(reached["plan"]["cost"].get<double>(), fixed["plan"]["cost"].get<double>());
  const RunResult hurdle = Winnow(dir, "--quiet plan p --no-report --goal hurdle --hurdle 0.5");
  ASSERT_EQ(hurdle.exit_code, 0) << hurdle.err;
  const nlohmann::json hurdled = nlohmann::json::parse(ReadFile(dir.File("p/out/results.json")))["plan"];
  EXPECT_GE(hurdled["binding"]["marginal_gain_per_cost"].get<double>(), 0.5);
  // Refused: a goal without its number, an unknown goal.
  const RunResult no_target = Winnow(dir, "--quiet plan p --goal target");
  EXPECT_EQ(no_target.exit_code, 2);
  EXPECT_NE(no_target.err.find("--goal target needs --target-gain (or plan.target_gain)"), std::string::npos)
      << no_target.err;
  EXPECT_EQ(Winnow(dir, "--quiet plan p --goal most").exit_code, 2);
}

TEST(CliPlan, AProjectWithoutRepsIsRefused) {
  TempDir dir;
  std::filesystem::create_directory(dir.File("p"));
  dir.Write("p/orders.csv", kGoodLog);
  dir.Write("p/winnow.toml", "[input]\ntransactions = \"orders.csv\"\n");
  const RunResult r = Winnow(dir, "--quiet plan p");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("winnow plan needs the reps: name the reps table in [plan] reps"), std::string::npos) << r.err;
  EXPECT_FALSE(Exists(dir.File("p/out")));
}

}  // namespace
}  // namespace winnow
