// The output tables' declaration (results/columns.h) and what follows from it: the header lines,
// the row objects and the declaration in results.json, and the README's column tables.
#include "results/columns.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/registry.h"
#include "results/results.h"

namespace winnow::results {
namespace {

// The header lines of the tables: a file read by another program must keep them. (Issue 14 renamed
// total_value to value, since it no longer adds the referral value, and gave the alerts their groups.)
TEST(OutputColumns, HeadersAreTheFilesHeaders) {
  EXPECT_EQ(kCustomersCsv.Header(),
            "customer_id,name,type,region,owner,parent_id,tier,key_account,rfm,value,clv,referral_value,p_alive,"
            "expected_purchases,expected_spend,dert,annual_revenue,potential,share_of_wallet,upside,referrals,"
            "referral_realized,referred_clv,referral_future,frequency,recency,T,first_purchase,last_purchase,revenue,"
            "days_since_last,expected_gap_days,overdue_ratio,value_at_risk,alert,plausibility");
  EXPECT_EQ(kAlertsCsv.Header(),
            "rank,customer_id,name,type,region,owner,tier,group,new,reason,trend,p_alive,days_since_last,"
            "expected_gap_days,overdue_ratio,order_size_change,gap_change,contact_by,expected_purchases_next,"
            "lookahead_days,clv,value,value_at_risk,win_back_value,upside");
  EXPECT_EQ(kReferenceCustomersCsv.Header(),
            "segment,rank,customer_id,name,type,region,owner,tier,p_alive,tenure_days,purchases,gap_cv,"
            "revenue_per_year,segment_median_revenue_per_year,distance,segment_customers,segment_loyal");
  EXPECT_EQ(kAccountsCsv.Header(),
            "account_id,name,type,region,owner,parent_id,level,children,customers,clv,referral_value,value,"
            "annual_revenue,potential,share_of_wallet,upside,value_at_risk,alerts,lost");
}

TEST(OutputColumns, LooksUpColumnsByName) {
  EXPECT_EQ(kCustomersCsv.Index("customer_id"), 0);
  EXPECT_EQ(kCustomersCsv.Index("plausibility"), 35);
  EXPECT_EQ(kCustomersCsv.Index("no_such_column"), -1);
  EXPECT_EQ(kAlertsCsv.Index("customer_id"), 1);
  static_assert(kAccountsCsv.Name("level") == "level");
  EXPECT_EQ(kCustomersCsv.Names().size(), kCustomersCsv.columns.size());
}

TEST(OutputColumns, TextAndDateColumnsAreKeptAsText) {
  EXPECT_EQ(kCustomersCsv.TextNames(),
            (std::vector<std::string>{"customer_id", "name", "type", "region", "owner", "parent_id", "tier",
                                      "key_account", "rfm", "first_purchase", "last_purchase", "alert",
                                      "plausibility"}));
  EXPECT_EQ(kAccountsCsv.TextNames(),
            (std::vector<std::string>{"account_id", "name", "type", "region", "owner", "parent_id"}));
  EXPECT_EQ(kAlertsCsv.TextNames(),
            (std::vector<std::string>{"customer_id", "name", "type", "region", "owner", "tier", "group", "new",
                                      "reason", "trend", "contact_by"}));
  EXPECT_EQ(kReferenceCustomersCsv.TextNames(),
            (std::vector<std::string>{"segment", "customer_id", "name", "type", "region", "owner", "tier"}));
}

// The API's parameters, in the order its error messages list them.
TEST(OutputColumns, DeclaresTheApiFiltersFlagsAndSearch) {
  EXPECT_EQ(kCustomersCsv.Filters(), (std::vector<std::string>{"tier", "type", "region", "owner", "parent_id"}));
  EXPECT_EQ(kCustomersCsv.Flags(), (std::vector<std::string>{"key_account", "alert"}));
  EXPECT_EQ(kCustomersCsv.Search(), (std::vector<std::string>{"customer_id", "name"}));
  EXPECT_EQ(kAlertsCsv.Filters(),
            (std::vector<std::string>{"tier", "type", "region", "owner", "reason", "group", "trend"}));
  EXPECT_EQ(kAlertsCsv.Flags(), (std::vector<std::string>{"new"}));
  EXPECT_EQ(kAccountsCsv.Filters(), (std::vector<std::string>{"type", "region", "owner", "parent_id", "level"}));
  EXPECT_EQ(kAccountsCsv.Search(), (std::vector<std::string>{"account_id", "name"}));
  EXPECT_TRUE(kReferenceCustomersCsv.Filters().empty());
}

// Keys of a JSON object, in order.
std::vector<std::string> Keys(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// True when `keys` are declared columns of `table`, in the order of the file.
::testing::AssertionResult InDeclaredOrder(const std::vector<std::string>& keys, const OutputTable& table) {
  int last = -1;
  for (const std::string& key : keys) {
    const int at = table.Index(key);
    if (at < 0) return ::testing::AssertionFailure() << key << " is not a column of " << table.file;
    if (at <= last) return ::testing::AssertionFailure() << key << " is out of the order of " << table.file;
    last = at;
  }
  return ::testing::AssertionSuccess();
}

TEST(OutputColumns, ResultsRowsUseTheDeclaredNamesInFileOrder) {
  Results r;
  r.top_customers.emplace_back();
  r.top_alerts.emplace_back();
  r.reference_customers.emplace_back();
  r.top_parent_accounts.emplace_back();
  r.top_upside_accounts.emplace_back();
  const auto j = nlohmann::ordered_json::parse(ToJson(r));
  const std::vector<std::string> customer_keys = Keys(j["top_customers"][0]);
  EXPECT_EQ(customer_keys.size(), 13u);
  EXPECT_TRUE(InDeclaredOrder(customer_keys, kCustomersCsv));
  EXPECT_TRUE(InDeclaredOrder(Keys(j["alerts"]["top"][0]), kAlertsCsv));
  EXPECT_EQ(Keys(j["reference_customers"][0]), kReferenceCustomersCsv.Names());
  EXPECT_TRUE(InDeclaredOrder(Keys(j["accounts"]["top_parents"][0]), kAccountsCsv));
  EXPECT_TRUE(InDeclaredOrder(Keys(j["accounts"]["top_upside"][0]), kAccountsCsv));
}

TEST(OutputColumns, ResultsCarryTheDeclaration) {
  const auto j = nlohmann::ordered_json::parse(ToJson(Results{}));
  ASSERT_TRUE(j.contains("columns"));
  EXPECT_EQ(j["columns"].size(), std::size(kOutputTables));
  for (const OutputTable* table : kOutputTables) {
    const auto& columns = j["columns"][std::string(table->file)];
    ASSERT_EQ(columns.size(), table->columns.size()) << table->file;
    for (size_t k = 0; k < columns.size(); ++k) {
      const Column& c = table->columns[k];
      EXPECT_EQ(columns[k]["name"], std::string(c.name));
      EXPECT_EQ(columns[k]["type"], std::string(TypeName(c.type)));
      EXPECT_EQ(columns[k]["unit"], std::string(UnitName(c.unit)));
      EXPECT_EQ(columns[k]["label"], std::string(c.label));
      EXPECT_EQ(columns[k]["meaning"], std::string(c.meaning));
    }
  }
  EXPECT_EQ(j["columns"]["customers.csv"][9]["unit"], "money");
  EXPECT_EQ(j["columns"]["customers.csv"][27]["type"], "date");
}

TEST(OutputColumns, ResultsCarryTheModelsTitlesFromTheRegistry) {
  const auto j = nlohmann::ordered_json::parse(ToJson(Results{}));
  const auto& titles = j["model"]["titles"];
  ASSERT_EQ(titles.size(), model::Models().size());
  for (const model::ModelInfo& info : model::Models()) EXPECT_EQ(titles[info.name], info.title) << info.name;
  EXPECT_EQ(titles["bgnbd"], "BG/NBD (Fader, Hardie & Lee 2005)");
}

// The rows of the Markdown table that follows the line `heading` in `text`, split into trimmed
// cells; the header row and the separator row are left out. Empty when the heading is missing.
std::vector<std::vector<std::string>> TableAfter(const std::string& text, const std::string& heading,
                                                 std::vector<std::string>* header) {
  std::istringstream in(text);
  std::string line;
  bool found = false;
  while (std::getline(in, line)) {
    if (line == heading) {
      found = true;
      break;
    }
  }
  std::vector<std::vector<std::string>> rows;
  if (!found) return rows;
  while (std::getline(in, line) && line.empty()) {
  }
  for (bool first = true; !line.empty() && line[0] == '|'; first = false) {
    std::vector<std::string> cells;
    size_t start = 1;
    for (size_t bar = line.find('|', start); bar != std::string::npos; bar = line.find('|', start)) {
      std::string cell = line.substr(start, bar - start);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
      start = bar + 1;
    }
    if (first) {
      *header = cells;
    } else if (cells.empty() || cells[0] != "---") {
      rows.push_back(cells);
    }
    if (!std::getline(in, line)) break;
  }
  return rows;
}

std::string Readme() {
  std::ifstream in(WINNOW_README);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// README.md, "The output tables": one table per file (column, type, meaning) and one of the
// formats, exactly as declared.
TEST(OutputColumns, ReadmeTablesAgreeWithTheDeclaration) {
  const std::string readme = Readme();
  ASSERT_FALSE(readme.empty()) << WINNOW_README;
  for (const OutputTable* table : kOutputTables) {
    SCOPED_TRACE(std::string(table->file));
    std::vector<std::string> header;
    const auto rows = TableAfter(readme, "#### `" + std::string(table->file) + "`", &header);
    EXPECT_EQ(header, (std::vector<std::string>{"column", "type", "meaning"}));
    ASSERT_EQ(rows.size(), table->columns.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      const Column& c = table->columns[k];
      EXPECT_EQ(rows[k], (std::vector<std::string>{"`" + std::string(c.name) + "`", std::string(TypeName(c.type)),
                                                   std::string(c.meaning)}));
    }
  }
  std::vector<std::string> header;
  const auto formats = TableAfter(readme, "file has a header row; cells are written by type:", &header);
  EXPECT_EQ(header, (std::vector<std::string>{"type", "written as"}));
  const ColumnType types[] = {ColumnType::kText, ColumnType::kInteger, ColumnType::kNumber, ColumnType::kDate};
  ASSERT_EQ(formats.size(), std::size(types));
  for (size_t k = 0; k < formats.size(); ++k) {
    EXPECT_EQ(formats[k], (std::vector<std::string>{std::string(TypeName(types[k])), std::string(FormatOf(types[k]))}));
  }
}

// A meaning must fit in a Markdown table cell.
TEST(OutputColumns, MeaningsFitOnOneTableRow) {
  for (const OutputTable* table : kOutputTables) {
    for (const Column& c : table->columns) {
      EXPECT_EQ(c.meaning.find_first_of("|\n"), std::string_view::npos) << table->file << " " << c.name;
    }
  }
}

}  // namespace
}  // namespace winnow::results
