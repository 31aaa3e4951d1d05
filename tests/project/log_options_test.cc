// The reading and period options, declared once (project/log_options.h): winnow.toml reads
// every entry with its type check, the reader's options follow from the table, and the README's
// option tables and winnow.toml table list exactly the declared options and keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "project/config.h"
#include "project/log_options.h"
#include "test_util.h"

namespace winnow::project {
namespace {

using winnow::testing::D;
using winnow::testing::ExpectError;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

// The rows of the table under the heading `heading` in the README whose header row starts with
// `first_column` ("option", "key"): the first two cells of each.
struct Row {
  std::string names, default_cell;
};
std::vector<Row> ReadmeTable(const std::string& heading, const std::string& first_column) {
  std::istringstream in(ReadFile(WINNOW_README));
  std::vector<Row> rows;
  bool in_section = false, in_table = false, after_table_line = false;
  for (std::string line; std::getline(in, line);) {
    if (!in_section) {
      in_section = line == heading;
      continue;
    }
    if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0) break;  // the next section
    const bool table_line = line.rfind("| ", 0) == 0;
    const size_t second = line.find(" | ");
    const size_t third = second == std::string::npos ? second : line.find(" | ", second + 3);
    if (table_line && !after_table_line) {  // a header row, then the separator row
      in_table = line.substr(2, second - 2) == first_column;
      std::getline(in, line);
    } else if (table_line && in_table && third != std::string::npos) {
      rows.push_back({line.substr(2, second - 2), line.substr(second + 3, third - second - 3)});
    }
    if (!table_line && in_table) break;
    after_table_line = table_line;
  }
  EXPECT_FALSE(rows.empty()) << "no table of " << first_column << " under " << heading;
  return rows;
}

// The names a cell lists: the first word of each `code` span ("`--quantity-col NAME`" -> "--quantity-col").
std::vector<std::string> CodeNames(const std::string& cell) {
  std::vector<std::string> names;
  for (size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open + 1)) {
    const size_t close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string span = cell.substr(open + 1, close - open - 1);
    names.push_back(span.substr(0, span.find(' ')));
    open = close;
  }
  return names;
}

std::set<std::string> Flags(const std::string& table) {
  std::set<std::string> flags;
  for (const LogOption& option : LogOptions()) {
    if (option.OnCommandLine() && option.Table() == table) flags.insert(option.flag);
  }
  return flags;
}

TEST(LogOptions, TheReadmeOptionTablesListExactlyTheDeclaredOptions) {
  std::set<std::string> reading, period;
  for (const Row& row : ReadmeTable("### Reading transaction logs", "option")) {
    for (const std::string& name : CodeNames(row.names)) {
      if (name.rfind("--", 0) == 0) reading.insert(name);  // not the short names ("-t")
    }
  }
  for (const Row& row : ReadmeTable("### Customer summary", "option")) {
    for (const std::string& name : CodeNames(row.names)) period.insert(name);
  }
  std::set<std::string> declared_reading = Flags("input");
  declared_reading.insert("--threads");  // AddIngestOptions adds it beside the table (cli/options.h)
  EXPECT_EQ(reading, declared_reading);
  EXPECT_EQ(period, Flags("period"));
}

TEST(LogOptions, TheReadmeShowsTheDeclaredDefaults) {
  std::vector<Row> rows = ReadmeTable("### Reading transaction logs", "option");
  for (const Row& row : ReadmeTable("### Customer summary", "option")) rows.push_back(row);
  size_t checked = 0;
  for (const Row& row : rows) {
    const std::vector<std::string> names = CodeNames(row.names);
    for (const LogOption& option : LogOptions()) {
      if (option.default_text.empty() || std::find(names.begin(), names.end(), option.flag) == names.end()) continue;
      EXPECT_EQ(row.default_cell, "`" + option.default_text + "`") << option.flag;
      ++checked;
    }
  }
  size_t with_default = 0;
  for (const LogOption& option : LogOptions()) with_default += option.OnCommandLine() && !option.default_text.empty();
  EXPECT_EQ(checked, with_default);  // each option with a default is in a row of its own
  EXPECT_GE(checked, 7u);
}

TEST(LogOptions, TheReadmeTomlTableListsExactlyTheKeys) {
  std::set<std::string> listed;
  for (const Row& row : ReadmeTable("### `winnow.toml`", "key")) {
    for (const std::string& name : CodeNames(row.names)) EXPECT_TRUE(listed.insert(name).second) << name << " twice";
  }
  const std::vector<std::string> keys = ProjectConfigKeys();
  EXPECT_EQ(listed, std::set<std::string>(keys.begin(), keys.end()));
}

TEST(LogOptions, EveryEntryIsAKeyOfWinnowTomlAndDeclaredOnce) {
  const std::vector<std::string> keys = ProjectConfigKeys();
  std::set<std::string> flags, names;
  for (const LogOption& option : LogOptions()) {
    EXPECT_TRUE(option.OnCommandLine() || option.InConfig());
    if (option.InConfig()) {
      EXPECT_NE(std::find(keys.begin(), keys.end(), option.key), keys.end()) << option.key;
      EXPECT_TRUE(names.insert(option.key).second) << option.key;
      EXPECT_TRUE(option.Table() == "input" || option.Table() == "period") << option.key;
    }
    if (option.OnCommandLine()) {
      EXPECT_TRUE(flags.insert(option.flag).second) << option.flag;
    }
    EXPECT_FALSE(option.help.empty()) << option.flag << option.key;
    // Exactly one destination per side.
    const int read_members = (option.files != nullptr) + (option.text != nullptr) + (option.boolean != nullptr);
    const int period_members = (option.period_text != nullptr) + (option.date != nullptr) + (option.duration != nullptr);
    if (option.Table() == "input") {
      EXPECT_EQ(read_members, 1) << option.key;
      EXPECT_EQ(period_members + (option.cli_period != nullptr), 0) << option.key;
    } else {
      EXPECT_EQ(read_members, 0) << option.key;
      EXPECT_EQ(period_members, 1) << option.key;
      EXPECT_EQ(option.cli_period != nullptr, option.OnCommandLine()) << option.key;
    }
    if (option.type == LogOptionType::kChoice) {
      EXPECT_FALSE(option.choices.empty()) << option.key;
    }
  }
}

// Loads `toml` as a project's winnow.toml.
ProjectConfig Load(const TempDir& dir, const std::string& toml) {
  dir.Write("winnow.toml", toml);
  return LoadProjectConfig(dir.path());
}

TEST(LogOptions, WinnowTomlSetsEveryEntryAndTheReaderOptionsFollow) {
  TempDir dir;
  const ProjectConfig c = Load(dir, R"([input]
transactions = ["a.csv", "b.csv"]
customer_column = "2"
date_column = "3"
quantity_column = "Q"
price_column = "P"
delimiter = "tab"
header = false
decimal_comma = true
date_format = "%Y%m%d"
on_bad_row = "skip"
parent_column = "Country"
[period]
time_unit = "day"
observation_end = 2024-06-30
calibration_end = "2024-03-31"
holdout = "13 weeks"
[run]
threads = 3
)");
  EXPECT_EQ(c.transactions, std::vector<std::string>({"a.csv", "b.csv"}));
  EXPECT_EQ(c.time_unit, "day");
  EXPECT_EQ(c.observation_end, D("2024-06-30"));
  EXPECT_EQ(c.calibration_end, D("2024-03-31"));
  ASSERT_TRUE(c.holdout.has_value());
  EXPECT_DOUBLE_EQ(c.holdout->days, 91);
  const io::ReadOptions r = ProjectReadOptions(c);
  EXPECT_EQ(r.customer_col, "2");
  EXPECT_EQ(r.date_col, "3");
  EXPECT_EQ(r.amount_col, "amount");
  EXPECT_TRUE(r.amount_required);
  EXPECT_EQ(r.quantity_col, "Q");
  EXPECT_EQ(r.price_col, "P");
  EXPECT_EQ(r.delimiter, '\t');
  EXPECT_FALSE(r.whitespace);
  EXPECT_FALSE(r.header);
  EXPECT_TRUE(r.decimal_comma);
  EXPECT_EQ(r.date_format, "%Y%m%d");
  EXPECT_TRUE(r.skip_bad_rows);
  EXPECT_EQ(r.group_col, "Country");
  EXPECT_EQ(r.threads, 3u);

  const io::ReadOptions defaults = ProjectReadOptions(Load(dir, "[input]\ntransactions = \"a.csv\"\n"));
  EXPECT_EQ(defaults.customer_col, "customer_id");
  EXPECT_EQ(defaults.date_col, "date");
  EXPECT_EQ(defaults.delimiter, ',');
  EXPECT_TRUE(defaults.header);
  EXPECT_FALSE(defaults.decimal_comma);
  EXPECT_EQ(defaults.date_format, "iso");
  EXPECT_FALSE(defaults.skip_bad_rows);
  EXPECT_EQ(defaults.group_col, "");
  EXPECT_EQ(defaults.threads, 0u);
}

TEST(LogOptions, WinnowTomlChecksEachTypeWithItsMessage) {
  TempDir dir;
  const std::string file = dir.File("winnow.toml");
  auto error = [&](const std::string& toml, std::source_location where = std::source_location::current()) {
    return ExpectError([&] { Load(dir, "[input]\ntransactions = \"a.csv\"\n" + toml); }, core::ErrorKind::kConfig, {},
                       where)
        .Render();
  };
  EXPECT_EQ(error("header = \"no\"\n"), file + ":3:10: input.header: expected true or false, found a string");
  EXPECT_EQ(error("customer_column = 2\n"), file + ":3:19: input.customer_column: expected a string, found an integer");
  EXPECT_EQ(error("[period]\ntime_unit = \"fortnight\"\n"),
            file + ":4:13: period.time_unit: \"fortnight\" is not a time unit: expected \"day\", \"week\" or \"month\"");
  EXPECT_EQ(error("[period]\nobservation_end = 2300-01-01\n"),
            file + ":4:19: period.observation_end: 2300-01-01 is outside the dates winnow accepts (1900-01-01 to "
                   "2199-12-31)");
  EXPECT_EQ(error("[period]\nholdout = \"3 fortnights\"\n"),
            file + ":4:11: period.holdout: cannot read \"3 fortnights\" as a duration: expected a number > 0 and a "
                   "unit, like \"52 weeks\", \"12 months\", \"1 year\" or \"90 days\"");
  EXPECT_EQ(error("[period]\ntime_units = \"day\"\n"),
            file + ":4:1: unknown key \"period.time_units\" (did you mean \"time_unit\"?); the keys of [period] are "
                   "calibration_end, holdout, observation_end, time_unit");
}

TEST(LogOptions, ABadDelimiterInWinnowTomlNamesTheKeyWhenTheLogIsRead) {
  TempDir dir;
  const ProjectConfig c = Load(dir, "[input]\ntransactions = \"a.csv\"\ndelimiter = \"::\"\n");
  ExpectError([&] { ProjectReadOptions(c); }, core::ErrorKind::kConfig,
              {.rendered = dir.File("winnow.toml") + ": input.delimiter: \"::\": expected comma, semicolon, tab, "
                                                     "whitespace or one character"});
  ReadSettings settings;
  settings.delimiter = "::";
  ExpectError([&] { ToReadOptions(settings, SettingsSource{}, 0, false); }, core::ErrorKind::kUsage,
              {.message = "--delimiter \"::\": expected comma, semicolon, tab, whitespace or one character"});
}

TEST(LogOptions, QuotedChoicesReadAsAList) {
  EXPECT_EQ(QuotedChoices({"error", "skip"}), "\"error\" or \"skip\"");
  EXPECT_EQ(QuotedChoices({"day", "week", "month"}), "\"day\", \"week\" or \"month\"");
  EXPECT_EQ(QuotedChoices({"only"}), "\"only\"");
}

}  // namespace
}  // namespace winnow::project
