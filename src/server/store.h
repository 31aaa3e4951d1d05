// What `winnow serve` answers from: a project's out/ folder (results.json, the four tables and the
// effort plan when there is one) and its transaction log (each customer's history), loaded into
// memory once and replaced as a whole when `winnow run` rewrites the results. Queries (filter,
// search, sort, page) run on typed columns; the row order of a filter and sort is kept in a small
// cache, so that paging through a list of a million customers costs the page, not a scan.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "model/predict.h"
#include "value/account_view.h"

namespace winnow::server {

// A CSV table with text columns kept as strings and every other column as numbers (empty: NaN).
class Table {
 public:
  static Table Load(const std::string& path, const std::vector<std::string>& text_columns);
  // A table from cells in memory (tests, fuzz targets): the other columns are read as numbers
  // (anything that is not one: NaN).
  static Table FromRows(const std::vector<std::string>& names, const std::vector<std::string>& text_columns,
                        const std::vector<std::vector<std::string>>& rows);
  size_t rows() const { return rows_; }
  const std::vector<std::string>& columns() const { return names_; }
  int Column(std::string_view name) const;  // -1 when absent
  bool IsText(int column) const { return is_text_[static_cast<size_t>(column)]; }
  const std::string& Text(int column, size_t row) const { return text_[index_[static_cast<size_t>(column)]][row]; }
  double Number(int column, size_t row) const { return numbers_[index_[static_cast<size_t>(column)]][row]; }
  // A whole column (IsText: TextColumn, else NumberColumn).
  const std::vector<std::string>& TextColumn(int column) const { return text_[index_[static_cast<size_t>(column)]]; }
  const std::vector<double>& NumberColumn(int column) const { return numbers_[index_[static_cast<size_t>(column)]]; }
  // {"column": value, ...} for every column (NaN as null; whole numbers as integers).
  nlohmann::ordered_json RowJson(size_t row) const;
  // The same object appended as JSON text (the hot path of the list pages).
  void AppendRowJson(std::string& out, size_t row) const;
  // Puts the rows in `order` (a permutation of 0 .. rows()-1): row k becomes the old row order[k].
  void Reorder(const std::vector<uint32_t>& order);

 private:
  std::vector<std::string> names_;
  std::vector<bool> is_text_;
  std::vector<size_t> index_;  // into text_ or numbers_
  std::vector<std::vector<std::string>> text_;
  std::vector<std::vector<double>> numbers_;
  size_t rows_ = 0;
};

// `text` as a JSON string literal appended to out; invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

// A list request: equality filters on text columns, "non-empty" filters, a subtree of the
// account tree, a case-insensitive search over some text columns, a sort and a page.
struct ListQuery {
  std::vector<std::pair<int, std::string>> equals;  // column, value
  // Keeps the rows whose position (`positions`, one per row of the table: the preorder position
  // of the row's node in the account tree, see AccountTree) lies in [subtree_begin, subtree_end).
  const std::vector<uint32_t>* positions = nullptr;
  uint32_t subtree_begin = 0, subtree_end = 0;
  std::vector<std::pair<int, double>> number_equals;
  std::vector<int> non_empty;                        // columns that must not be empty
  std::string search;                                // lower-case; "" for none
  std::vector<int> search_columns;
  int sort_column = -1;                              // -1: the table's own order
  bool descending = true;
  uint64_t page = 1, per_page = 50;
  std::string Key() const;                           // identifies filter, search and sort
};

struct ListResult {
  uint64_t total = 0;
  std::vector<uint32_t> rows;  // of the page
};

// Runs list queries on one table with a cache of row orders.
class TableIndex {
 public:
  explicit TableIndex(const Table* table) : table_(table) {}
  ListResult Run(const ListQuery& query) const;

 private:
  std::shared_ptr<const std::vector<uint32_t>> Order(const ListQuery& query) const;
  const Table* table_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const std::vector<uint32_t>>> cache_;
};

// The order to work an effort plan (plan.csv) in: the customers with planned contacts first, most
// expected gain per contact first (expected_gain / contacts, as the rep_plans/REP.csv lists are
// ordered), then those without, most gain of one more contact first (next_contact_gain); ties by
// customer_id. Filtered by rep, it is that rep's list in the order to work it. Throws core::Error
// (kInput) when the table lacks customer_id, contacts or expected_gain.
std::vector<uint32_t> WorkOrder(const Table& plan);

// The account tree of the loaded tables: one node per row of accounts.csv (the parents and the
// accounts without purchases) and one per customer of customers.csv that is not among them, each
// under the node of its parent_id (an unknown parent_id: at the top), and the Account 360 views
// on it (value/account_view.h). The positions of each list row's node in the tree's preorder
// make a subtree filter (parent_id=X) a range test.
struct AccountTree {
  // Nodes 0 .. account_nodes - 1 are the rows of accounts.csv; node account_nodes + k is the
  // customer of customers.csv row node_customer[k] (their texts are read from the tables).
  uint32_t account_nodes = 0;
  std::vector<uint32_t> node_customer;
  int account_text[3] = {-1, -1, -1}, customer_text[3] = {-1, -1, -1};  // id, name, type columns
  std::vector<int64_t> parent;               // node index, value::kNoAccount at the top
  std::vector<int64_t> customer_node;        // per customers.csv row
  std::vector<int64_t> alert_customer;       // per alerts.csv row: its customers.csv row, -1 when unknown
  std::vector<int64_t> expert_node;          // per experts.csv row: the node of its customer_id, -1 when none
  std::vector<int64_t> plan_customer;        // per plan.csv row: its customers.csv row, -1 when unknown
  std::vector<std::string> alert_group;      // alerts.csv group (all "at_risk" for a table without one)
  std::vector<std::string> blank;            // empty texts and NaNs standing in for missing columns
  std::vector<double> missing;
  std::unique_ptr<value::AccountViews> views;
  // Preorder position of the node of each row, kNoPosition for a row without a node.
  std::vector<uint32_t> customer_position, account_position, alert_position;
  static constexpr uint32_t kNoPosition = UINT32_MAX;
};

// One loaded state of a project.
struct ProjectData {
  std::string dir, out_dir;
  std::string results_text;            // results.json as written
  nlohmann::json results;              // parsed
  std::string loaded_at;               // ISO 8601 UTC, for /api/health
  int64_t results_mtime = 0;           // of results.json, to notice a new run
  Table customers, accounts, alerts, reference;
  std::unique_ptr<TableIndex> customer_index, account_index, alert_index, reference_index;
  // The effort plan, plan.csv in WorkOrder, when the project plans (plan.reps); plan_index is
  // null when out/ has no plan.csv.
  Table plan;
  std::unique_ptr<TableIndex> plan_index;
  // The experts (experts.csv) and their network (expert_network.csv) when the project has experts
  // (experts.experts); expert_index is null when out/ has no experts.csv.
  Table experts, expert_network;
  std::unique_ptr<TableIndex> expert_index;
  std::unordered_map<std::string, uint32_t> expert_row;                    // expert_id -> row of experts
  std::unordered_map<std::string, std::vector<uint32_t>> expert_edges;     // expert_id -> rows of expert_network
  std::unordered_map<std::string, std::vector<uint32_t>> account_experts;  // customer_id -> rows of experts
  std::unordered_map<std::string, uint32_t> customer_row;     // customer_id -> row of customers
  std::vector<double> value_before;    // cumulative value of the customers ranked above each row
  double total_value = 0;
  // Purchase history by row of customers: the rows history_start[r] .. [r + 1] of purchase_day and
  // purchase_amount, in date order (log rows: several on a day, returns negative). Empty
  // history_start: no histories.
  std::vector<uint64_t> history_start;
  std::vector<core::Day> purchase_day;
  std::vector<double> purchase_amount;
  // The observation end (results.json model.observation_end), and the fitted purchase model of
  // out/model.json with its time unit in days, for the P(alive) path; predictor is null when
  // out/ has no model.json or it is not a purchase model.
  std::optional<core::Day> observation_end;
  std::shared_ptr<const model::PurchasePredictor> predictor;
  double unit_days = 7;
  std::vector<std::string> tier_names;  // settings.tier_names of results.json
  AccountTree tree;
};

// The id (what = 0), name (1) or type (2) of a node of the tree.
std::string_view NodeText(const ProjectData& data, uint32_t node, int what);

// The accounts.csv row of a node of the tree; for a customer's own node (a buying customer
// without children) the same columns from its customers.csv row and its subtree's sums.
nlohmann::ordered_json AccountRowJson(const ProjectData& data, uint32_t node);

// The derived lookups of loaded tables: the list indexes (those still missing), customer_row
// (when empty), value_before and total_value, observation_end (from results.json when unset),
// tier_names, and the account tree with its views (the experts' lookups are the loader's).
// LoadProject calls it last; tests and fuzz targets that build a ProjectData by hand
// (Table::FromRows) call it before answering requests. The views point into `data`: it must not
// move afterwards. Throws core::Error (kInput) when customers lacks customer_id.
void IndexProject(ProjectData* data);

// Loads DIR/out (the output folder named in DIR/winnow.toml) and the log. Throws core::Error.
std::shared_ptr<const ProjectData> LoadProject(const std::string& dir);

// P(alive) over a customer's history as in lifetimes' plot_history_alive: just after each
// purchase occasion (x = repeat occasions so far, t_x = T = that day) and every 7 days through
// each silence, up to and including the observation end, in the model's time unit (unit_days).
// `days`: the customer's purchase occasions up to the observation end, distinct days in date
// order (the server's OccasionDays: the days whose purchases net above zero). Empty for none.
struct AlivePoint {
  core::Day day;
  double p_alive;
};
std::vector<AlivePoint> AlivePath(const model::PurchasePredictor& predictor, double unit_days,
                                  const std::vector<core::Day>& days, core::Day observation_end);

// Modification time of the results document of a project, 0 when it is missing.
int64_t ResultsMtime(const std::string& out_dir);

// The reasons behind a customer's tier, key-account flag and alert, as sentences.
nlohmann::ordered_json Reasons(const ProjectData& data, uint32_t row);

}  // namespace winnow::server
