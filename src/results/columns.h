// The columns of the per-customer tables `winnow run` writes to out/ (customers.csv,
// accounts.csv, alerts.csv, reference_customers.csv), declared once: name, type, what the number
// measures, a short label and a one-line meaning, and per table the columns the API filters and
// searches. Everything else follows from here: the CSV header lines, the row objects of
// results.json (their keys), the server's filters, sorts and column lookups, the web pages'
// column sets (results.json carries this declaration, see ColumnsJson in results.h) and the
// README's column tables (tests/results/columns_test.cc checks that they agree).
//
// A new output column: one line in the table's array below, its value in the row writer (the
// write stage of `winnow run`), and one row in the README's table of the file.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::results {

// What a cell holds; the format it is written in follows from it (FormatOf).
enum class ColumnType {
  kText,     // any text (ids, names, codes)
  kInteger,  // a whole number
  kNumber,   // a real number; empty when missing (unknown or undefined)
  kDate,     // a calendar day
};

// What a column measures: the views show it accordingly (money without decimals from 100 up,
// probabilities with three decimals, shares as percentages, ...).
enum class Unit {
  kNone,         // text, or a plain number
  kId,           // an identifier (text)
  kCode,         // a code from a short list of words, or empty (text)
  kMoney,        // in the currency of the input amounts
  kProbability,  // 0 to 1
  kShare,        // 0 to 1, shown as a percentage
  kCount,        // a count (of purchases, customers, ...)
  kDays,         // a duration in days
  kTimeUnits,    // a duration in the project's time unit (period.time_unit)
  kRatio,        // a ratio of two quantities of the same kind
};

struct Column {
  std::string_view name;
  ColumnType type;
  Unit unit;
  std::string_view label;    // short heading for tables
  std::string_view meaning;  // one line, for the README and the pages' column tooltips
};

// One output table: its file, its columns in file order, and how the API queries it.
struct OutputTable {
  std::string_view file;
  std::span<const Column> columns;
  std::span<const std::string_view> filters = {};  // API: name=value keeps rows equal to value
  std::span<const std::string_view> flags = {};    // API: name=1 keeps rows where it is not empty
  std::span<const std::string_view> search = {};   // API: q= searches these (text) columns

  // Position of a column in the file, -1 when not declared.
  constexpr int Index(std::string_view name) const {
    for (size_t k = 0; k < columns.size(); ++k) {
      if (columns[k].name == name) return static_cast<int>(k);
    }
    return -1;
  }
  // `name` itself, checked at compile time: a name that is not declared does not compile.
  consteval std::string_view Name(std::string_view name) const {
    if (Index(name) < 0) throw "not a declared column of this table";
    return name;
  }
  // The header line of the file, without the line end: "customer_id,name,...".
  std::string Header() const;
  std::vector<std::string> Names() const;
  // Columns the server keeps as text (text and date columns); the others it reads as numbers.
  std::vector<std::string> TextNames() const;
  std::vector<std::string> Filters() const { return {filters.begin(), filters.end()}; }
  std::vector<std::string> Flags() const { return {flags.begin(), flags.end()}; }
  std::vector<std::string> Search() const { return {search.begin(), search.end()}; }
};

// "text", "integer", "number", "date" (as in the README's tables and results.json).
std::string_view TypeName(ColumnType type);
// How a cell of the type is written, one sentence (the README says the same under "Output columns").
std::string_view FormatOf(ColumnType type);
// "none", "id", "code", "money", "probability", "share", "count", "days", "time_units", "ratio".
std::string_view UnitName(Unit unit);

namespace internal {

using enum ColumnType;
using enum Unit;

// Columns of the same name and meaning in several tables, declared once.
inline constexpr Column kCustomerId = {"customer_id", kText, kId, "ID", "the customer's id, as in the log"};
inline constexpr Column kTableName = {"name", kText, kNone, "Name", "from the customers table"};
inline constexpr Column kTableType = {"type", kText, kNone, "Type", "from the customers table"};
inline constexpr Column kTableRegion = {"region", kText, kNone, "Region", "from the customers table"};
inline constexpr Column kTableOwner = {"owner", kText, kNone, "Owner",
    "the account's owner (sales rep) from the customers table"};
inline constexpr Column kValueTier = {"tier", kText, kNone, "Tier", "value tier"};
inline constexpr Column kPAlive = {"p_alive", kNumber, kProbability, "P(alive)",
    "probability that the customer is still active"};
inline constexpr Column kDaysSinceLast = {"days_since_last", kNumber, kDays, "Days since",
    "days from the last purchase to the observation end"};
inline constexpr Column kExpectedGap = {"expected_gap_days", kNumber, kDays, "Expected gap",
    "expected days between purchases while active"};
inline constexpr Column kOverdueRatio = {"overdue_ratio", kNumber, kRatio, "Overdue ×",
    "days_since_last / expected_gap_days"};
inline constexpr Column kValueAtRisk = {"value_at_risk", kNumber, kMoney, "Value to save",
    "value that can still be saved: the CLV of an at-risk alert (P(alive) × value if active); 0 otherwise"};
inline constexpr Column kShareOfWallet = {"share_of_wallet", kNumber, kShare, "Wallet share",
    "annual_revenue / potential; empty when unknown"};
inline constexpr Column kUpside = {"upside", kNumber, kMoney, "Upside",
    "potential - annual_revenue; empty when unknown"};

inline constexpr Column kCustomerColumns[] = {
    kCustomerId,
    {"name", kText, kNone, "Name", "from the customers table (empty without one)"},
    {"type", kText, kNone, "Type", "from the customers table, e.g. hospital or pharmacy"},
    kTableRegion,
    kTableOwner,
    {"parent_id", kText, kId, "Parent", "the parent account (purchasing group, chain, ...); empty at the top"},
    {"tier", kText, kNone, "Tier", "value tier (tiers.names), by the cumulative share of value"},
    {"key_account", kText, kCode, "Key acct.",
     "why it is a key account: `value`, `upside`, `value+upside`, or empty when it is not one (lost accounts, "
     "P(alive) < alerts.lost_below, are never key accounts)"},
    {"rfm", kText, kCode, "RFM", "recency, frequency and monetary quintile scores, 1-5 each (e.g. `545`)"},
    {"value", kNumber, kMoney, "Value",
     "what tiers and rankings use: clv (tiers.rank_by = \"clv\", the default) or clv + referral_value"},
    {"clv", kNumber, kMoney, "CLV", "customer lifetime value: margin × expected_spend × dert"},
    {"referral_value", kNumber, kMoney, "Referral",
     "value its referrals cause: referral_future + referred_clv (attributed to it; the referred customers' own CLV "
     "is in their clv)"},
    {"p_alive", kNumber, kProbability, "P(alive)",
     "probability that the customer is still active at the observation end"},
    {"expected_purchases", kNumber, kCount, "Expected purchases", "expected purchases over the horizon"},
    {"expected_spend", kNumber, kMoney, "Expected spend", "expected spend per purchase (Gamma-Gamma)"},
    {"dert", kNumber, kCount, "DERT",
     "discounted expected residual transactions: the expected purchases of the horizon, discounted"},
    {"annual_revenue", kNumber, kMoney, "Annual rev.", "expected revenue of the next year, undiscounted"},
    {"potential", kNumber, kMoney, "Potential",
     "annual revenue the account could bring (customers table); empty when unknown"},
    kShareOfWallet,
    kUpside,
    {"referrals", kInteger, kCount, "Referrals", "customers it referred"},
    {"referral_realized", kNumber, kMoney, "Referral realized",
     "the margin its referred customers have brought so far (history, not part of referral_value)"},
    {"referred_clv", kNumber, kMoney, "Referred CLV",
     "the incremental share (referrals.incremental_share) of its referred customers' CLV"},
    {"referral_future", kNumber, kMoney, "Referral future",
     "expected future referrals × the value of a typical referred customer × P(alive), discounted"},
    {"frequency", kInteger, kCount, "Repeat purchases", "repeat purchases: purchase occasions after the first"},
    {"recency", kNumber, kTimeUnits, "Recency", "time from the first to the last purchase, in time units"},
    {"T", kNumber, kTimeUnits, "T", "time from the first purchase to the observation end, in time units"},
    {"first_purchase", kDate, kNone, "First", "day of the first purchase"},
    {"last_purchase", kDate, kNone, "Last", "day of the last purchase up to the observation end"},
    {"revenue", kNumber, kMoney, "Revenue", "revenue up to the observation end"},
    kDaysSinceLast,
    kExpectedGap,
    kOverdueRatio,
    kValueAtRisk,
    {"alert", kText, kCode, "Alert", "churn alert group: `at_risk` (recoverable), `lost` (win-back), or empty"},
    {"plausibility", kText, kCode, "Plausibility",
     "`implausible` when the predicted revenue is implausible (see \"The plausibility guard\"), else empty"},
};
inline constexpr std::string_view kCustomerFilters[] = {"tier", "type", "region", "owner", "parent_id"};
inline constexpr std::string_view kCustomerFlags[] = {"key_account", "alert"};
inline constexpr std::string_view kCustomerSearch[] = {"customer_id", "name"};

inline constexpr Column kAccountColumns[] = {
    {"account_id", kText, kId, "ID", "the account's id, as in the customers table"},
    kTableName,
    {"type", kText, kNone, "Type", "from the customers table, e.g. purchasing group or chain"},
    kTableRegion,
    kTableOwner,
    {"parent_id", kText, kId, "Parent", "the parent account; empty at the top"},
    {"level", kInteger, kCount, "Level", "depth in the account tree, 0 at the top"},
    {"children", kInteger, kCount, "Children", "accounts directly under it"},
    {"customers", kInteger, kCount, "Customers", "customers with purchases in its subtree (itself included)"},
    {"clv", kNumber, kMoney, "CLV", "the CLV of its subtree"},
    {"referral_value", kNumber, kMoney, "Referral", "the referral value attributed to its subtree"},
    {"value", kNumber, kMoney, "Value", "the value (as customers.csv's value) of its subtree"},
    {"annual_revenue", kNumber, kMoney, "Annual rev.", "the expected revenue of the next year of its subtree"},
    {"potential", kNumber, kMoney, "Potential",
     "its own potential when given, else the sum of its children's; empty when unknown"},
    kShareOfWallet,
    kUpside,
    {"value_at_risk", kNumber, kMoney, "Value to save", "the value to save of the at-risk alerts in its subtree"},
    {"alerts", kInteger, kCount, "At risk", "at-risk (recoverable) churn alerts in its subtree"},
    {"lost", kInteger, kCount, "Lost", "lost customers (win-back alerts) in its subtree"},
};
inline constexpr std::string_view kAccountFilters[] = {"type", "region", "owner", "parent_id", "level"};
inline constexpr std::string_view kAccountSearch[] = {"account_id", "name"};

inline constexpr Column kAlertColumns[] = {
    {"rank", kInteger, kCount, "Rank",
     "rank within the group: by value_at_risk for at_risk, by win_back_value for lost"},
    kCustomerId,
    kTableName,
    kTableType,
    kTableRegion,
    kTableOwner,
    kValueTier,
    {"group", kText, kCode, "Group",
     "`at_risk`: slipping away and recoverable (P(alive) >= alerts.lost_below); `lost`: a win-back candidate"},
    {"new", kText, kCode, "New", "`new` when the customer was not in the previous run's alerts of the same group"},
    {"reason", kText, kCode, "Reason", "`low_p_alive`, `overdue` or `low_p_alive+overdue`"},
    {"trend", kText, kCode, "Trend",
     "the trend that precedes churn: `shrinking_orders`, `slowing`, `shrinking_orders+slowing`, or empty"},
    kPAlive,
    kDaysSinceLast,
    kExpectedGap,
    kOverdueRatio,
    {"order_size_change", kNumber, kShare, "Order size Δ",
     "mean order of the recent third of purchase occasions against the earlier ones, minus 1; empty with fewer than 4"},
    {"gap_change", kNumber, kShare, "Gap Δ",
     "mean gap of the recent third of gaps against the earlier ones, minus 1; empty with fewer than 4 gaps"},
    {"contact_by", kDate, kNone, "Contact by",
     "at_risk: the day its P(alive) falls below alerts.lost_below without a purchase; empty when that is beyond "
     "alerts.lookahead (no deadline within it), and for lost"},
    {"expected_purchases_next", kNumber, kCount, "Expected next",
     "expected purchases in the next lookahead_days (alerts.lookahead)"},
    {"lookahead_days", kNumber, kDays, "Lookahead", "the window of expected_purchases_next"},
    {"clv", kNumber, kMoney, "CLV", "customer lifetime value"},
    {"value", kNumber, kMoney, "Value", "as customers.csv's value"},
    kValueAtRisk,
    {"win_back_value", kNumber, kMoney, "Win-back value",
     "lost: margin × its past revenue per year (over at least a year) over the horizon, discounted (what winning "
     "it back would bring); empty for at_risk"},
    kUpside,
};
inline constexpr std::string_view kAlertFilters[] = {"tier", "type", "region", "owner", "reason", "group", "trend"};
inline constexpr std::string_view kAlertFlags[] = {"new"};
inline constexpr std::string_view kAlertSearch[] = {"customer_id", "name"};

inline constexpr Column kReferenceColumns[] = {
    {"segment", kText, kNone, "Segment", "the values of reference.segment_by, joined by ` / `"},
    {"rank", kInteger, kCount, "Rank", "1 for the customer closest to the segment's median profile"},
    kCustomerId,
    kTableName,
    kTableType,
    kTableRegion,
    kTableOwner,
    kValueTier,
    kPAlive,
    {"tenure_days", kNumber, kDays, "Tenure (d)", "days from the first purchase to the observation end"},
    {"purchases", kInteger, kCount, "Purchases", "purchase occasions"},
    {"gap_cv", kNumber, kRatio, "Gap CV", "sd / mean of the gaps between purchase occasions"},
    {"revenue_per_year", kNumber, kMoney, "Rev. / year", "revenue per year of tenure"},
    {"segment_median_revenue_per_year", kNumber, kMoney, "Seg. median", "the segment's median revenue per year"},
    {"distance", kNumber, kNone, "Distance", "distance to the segment's median profile (standardized)"},
    {"segment_customers", kInteger, kCount, "Seg. customers", "customers in the segment"},
    {"segment_loyal", kInteger, kCount, "Seg. loyal", "loyal customers in the segment (the candidates)"},
};

// The effort plan (written when the project has a reps table, plan.reps).
inline constexpr Column kPlanRepId = {"rep_id", kText, kId, "Rep",
    "the rep who works the customer (plan.territories, or the customers table's owner)"};
inline constexpr Column kPlanContacts = {"contacts", kInteger, kCount, "Contacts",
    "contacts planned in the period (plan.period)"};
inline constexpr Column kPlanExpectedGain = {"expected_gain", kNumber, kMoney, "Exp. gain",
    "expected extra value of the planned contacts in the period: stake × lift(contacts)"};
inline constexpr Column kPlanCurrentContacts = {"current_contacts", kNumber, kCount, "Today",
    "contacts per period today: the interactions history's mean over its last year; empty without a history"};
inline constexpr Column kPlanReason = {"reason", kText, kNone, "Why", "why this many contacts, in words"};
inline constexpr Column kPlanColumns[] = {
    kCustomerId,
    kPlanRepId,
    {"channel", kText, kCode, "Channel", "the rep's channel (reps table), e.g. `visit`"},
    kPlanContacts,
    kPlanExpectedGain,
    kPlanCurrentContacts,
    kPlanReason,
    kValueTier,
    {"stake", kNumber, kMoney, "Stake", "the customer's value in the period that contacts act on (plan.stake)"},
    {"next_contact_gain", kNumber, kMoney, "Next contact",
     "expected gain of one contact more than planned (0 at the maximum)"},
    {"even_contacts", kInteger, kCount, "Even spread",
     "contacts under the even spread of as many contacts as the plan"},
};
inline constexpr std::string_view kPlanFilters[] = {"rep_id", "tier", "channel"};
inline constexpr std::string_view kPlanSearch[] = {"customer_id", "reason"};
inline constexpr Column kRepPlanColumns[] = {
    {"order", kInteger, kCount, "Order", "the order to work the list in: most expected gain per contact first"},
    kCustomerId,
    kTableName,
    kValueTier,
    kPlanContacts,
    kPlanExpectedGain,
    kPlanCurrentContacts,
    kPlanReason,
};

// The experts (written when the project has an experts table, experts.experts).
inline constexpr Column kExpertId = {"expert_id", kText, kId, "ID", "the expert's id, as in the experts table"};
inline constexpr Column kExpertColumns[] = {
    kExpertId,
    {"name", kText, kNone, "Name", "from the experts table"},
    {"specialty", kText, kNone, "Specialty", "from the experts table"},
    {"institution", kText, kNone, "Institution", "from the experts table"},
    {"country", kText, kNone, "Country", "from the experts table"},
    {"customer_id", kText, kId, "Account", "the account where the expert works (customers table); empty if none"},
    {"trials", kNumber, kNone, "Trials", "clinical trials score, 0-100 within the comparison group"},
    {"publications", kNumber, kNone, "Publications", "publications score, 0-100 within the comparison group"},
    {"talks", kNumber, kNone, "Talks", "talks score, 0-100 within the comparison group"},
    {"committees", kNumber, kNone, "Committees",
     "boards, committees and commissions score, 0-100 within the comparison group"},
    {"congress", kNumber, kNone, "Congress",
     "congress speaker and chair roles score, 0-100 within the comparison group"},
    {"multiplier", kNumber, kNone, "Multiplier",
     "network reach score (PageRank and reach), 0-100 within the comparison group"},
    {"pagerank", kNumber, kShare, "PageRank", "the raw centrality behind the multiplier (all experts sum to 1)"},
    {"total_score", kNumber, kNone, "Total", "the weighted mean of the six scores (experts.weights), 0-100"},
    {"tier", kText, kCode, "Tier",
     "`global`, `national`, `regional` or `local`, from reach and international activity"},
    {"rising_star", kText, kCode, "Rising", "`yes` when the score grew strongly over recent years, else empty"},
    {"explanation", kText, kNone, "Why", "the criteria that carry the score and the facts behind them, in words"},
};
inline constexpr std::string_view kExpertFilters[] = {"specialty", "country", "tier", "customer_id", "rising_star"};
inline constexpr std::string_view kExpertSearch[] = {"expert_id", "name", "institution"};
inline constexpr Column kExpertNetworkColumns[] = {
    {"source", kText, kId, "Source", "an expert's id"},
    {"target", kText, kId, "Target", "another expert's id"},
    {"weight", kNumber, kNone, "Weight",
     "joint publications, trials and events, each counting 1 / (its participants - 1)"},
};

}  // namespace internal

inline constexpr OutputTable kCustomersCsv{"customers.csv", internal::kCustomerColumns, internal::kCustomerFilters,
                                           internal::kCustomerFlags, internal::kCustomerSearch};
inline constexpr OutputTable kAccountsCsv{"accounts.csv", internal::kAccountColumns, internal::kAccountFilters, {},
                                          internal::kAccountSearch};
inline constexpr OutputTable kAlertsCsv{"alerts.csv", internal::kAlertColumns, internal::kAlertFilters,
                                        internal::kAlertFlags, internal::kAlertSearch};
inline constexpr OutputTable kReferenceCustomersCsv{"reference_customers.csv", internal::kReferenceColumns};
// plan.csv and one rep_plans/REP.csv per rep: only when the project plans (plan.reps).
inline constexpr OutputTable kPlanCsv{"plan.csv", internal::kPlanColumns, internal::kPlanFilters, {},
                                      internal::kPlanSearch};
inline constexpr OutputTable kRepPlanCsv{"rep_plans/REP.csv", internal::kRepPlanColumns};
// experts.csv and expert_network.csv: only when the project has experts (experts.experts).
inline constexpr OutputTable kExpertsCsv{"experts.csv", internal::kExpertColumns, internal::kExpertFilters, {},
                                         internal::kExpertSearch};
inline constexpr OutputTable kExpertNetworkCsv{"expert_network.csv", internal::kExpertNetworkColumns};

// The tables, in the order out/ lists them.
inline constexpr const OutputTable* kOutputTables[] = {&kCustomersCsv, &kAccountsCsv, &kAlertsCsv,
                                                       &kReferenceCustomersCsv, &kPlanCsv,      &kRepPlanCsv,
                                                       &kExpertsCsv,           &kExpertNetworkCsv};

// A declaration is sound: names unique and not empty, and the API's columns declared (the
// flagged and searched ones as text). Checked at compile time below.
consteval bool Sound(const OutputTable& table) {
  for (size_t a = 0; a < table.columns.size(); ++a) {
    const Column& c = table.columns[a];
    if (c.name.empty() || c.label.empty() || c.meaning.empty()) return false;
    for (size_t b = a + 1; b < table.columns.size(); ++b) {
      if (table.columns[a].name == table.columns[b].name) return false;
    }
  }
  for (const auto* list : {&table.filters, &table.flags, &table.search}) {
    for (std::string_view name : *list) {
      if (table.Index(name) < 0) return false;
    }
  }
  for (const auto* list : {&table.flags, &table.search}) {
    for (std::string_view name : *list) {
      if (table.columns[static_cast<size_t>(table.Index(name))].type != ColumnType::kText) return false;
    }
  }
  return true;
}
static_assert(Sound(kCustomersCsv) && Sound(kAccountsCsv) && Sound(kAlertsCsv) && Sound(kReferenceCustomersCsv) &&
              Sound(kPlanCsv) && Sound(kRepPlanCsv) && Sound(kExpertsCsv) && Sound(kExpertNetworkCsv));

}  // namespace winnow::results
