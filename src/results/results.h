// The Results document of `winnow run`: everything the report and the server show that is not a
// per-customer table (those are out/customers.csv, accounts.csv, alerts.csv and
// reference_customers.csv). Written as out/results.json; the views read it and never recompute
// what the engine computed. Aggregates (curves, histograms, heatmaps) are computed here in the
// engine, so that the document stays small with millions of customers.
// It also carries, for the views, the declaration of the four tables' columns (results/columns.h)
// under "columns", and the models' titles from the registry under "model"."titles".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/fit.h"
#include "model/validation.h"
#include "segment/ranking.h"
#include "segment/tiers.h"

namespace winnow::results {

// The portfolio's figures. Value adds up: customer_value is the sum of the customers' CLV, and
// value the sum of the ranking value (customer_value itself with rank_by = "clv"); the referral value
// attributed to referrers is a separate figure, never added (the referred customers' own value is
// in their CLV).
struct Headline {
  uint64_t customers = 0;
  double customer_value = 0, referral_value = 0, value = 0;
  std::string rank_by;
  double top20_share = 0;  // share of value held by the top 20 % of customers
  double gini = 0;
  uint64_t first_tier_customers = 0;  // size of the A tier
  std::string first_tier;
  uint64_t alerts = 0;       // at risk and recoverable
  double value_at_risk = 0;  // value to save, summed over them
  uint64_t lost = 0;         // win-back candidates
  double win_back_value = 0;
  uint64_t new_alerts = 0;   // not in the previous run's alerts (all when there was none)
  bool previous_run = false;
  uint64_t key_accounts = 0;
};

struct Candidate {
  std::string model;
  model::FitResult fit;
  model::HoldoutMetrics holdout;
  bool tied = false;  // tied with the leader on the holdout (model/selection.h)
};

struct ModelSection {
  std::string chosen;
  std::string reason;  // why it was chosen, one sentence
  std::string time_unit;
  double penalizer = 0;
  std::string calibration_end, observation_end;
  uint64_t selection_customers = 0;  // customers the candidates were compared on
  std::vector<Candidate> candidates;  // ranked
  model::FitResult purchase;          // the chosen model refitted on the whole period
  model::FitResult spend;             // Gamma-Gamma
  model::Validation validation;       // of the chosen model on the selection sample
  // A degenerate fit said out loud: the candidates' and the refitted models' warnings, and the
  // model choice's ("collapsed").
  std::vector<model::FitWarning> warnings;
};

// The plausibility guard (value/plausibility.h): customers whose predicted revenue is implausible.
struct PlausibilitySection {
  uint64_t flagged = 0;
  double flagged_clv = 0;
  double base_revenue_per_year = 0;  // the 99th percentile the rule compares with
  std::vector<std::string> examples;
};

struct Histogram {
  std::vector<double> edges;  // bins [edges[k], edges[k+1])
  std::vector<uint64_t> counts;
  std::vector<double> sums;   // of the value in each bin
};

// Mean P(alive) over a grid of frequency (rows) by recency (columns) bins.
struct Heatmap {
  std::vector<std::string> frequency_labels, recency_labels;
  std::vector<std::vector<double>> mean;  // NaN-free: cells without customers are -1
  std::vector<std::vector<uint64_t>> count;
};

struct ReferralSection {
  uint64_t referrals = 0, skipped = 0;
  double population_rate = 0;  // referrals per customer per time unit
  double prior_shape = 0;
  double typical_referred_value = 0;
  double incremental_share = 0.2;
};

struct Evaluation {
  std::string truth_file;
  double window_days = 0;
  uint64_t customers = 0;
  double realized_total = 0;
  segment::RankingQuality winnow;  // by CLV
  segment::RankingQuality naive;   // by revenue in the last 365 days
  double alive_accuracy = 0;       // share of customers with (P(alive) >= 0.5) == alive
};

struct TopRow {
  std::string customer_id, name, type, region, owner, tier;
  double value = 0, clv = 0, referral_value = 0, p_alive = 0, annual_revenue = 0;
  double upside = 0;  // NaN when there is no potential: written as null
  std::string key_account;  // "value", "upside", "value+upside" or ""
};

struct AlertRow {  // a row of alerts.csv
  uint64_t rank = 0;
  std::string customer_id, name, type, region, owner, tier, group, is_new, reason, trend, contact_by;
  double p_alive = 0, days_since_last = 0, expected_gap_days = 0, overdue_ratio = 0;
  double order_size_change = 0, gap_change = 0;  // NaN: unknown
  double expected_purchases_next = 0, lookahead_days = 0;
  double clv = 0, value = 0, value_at_risk = 0, win_back_value = 0, upside = 0;  // NaN: empty
};

struct ReferenceRow {
  std::string segment, customer_id, name, type, region, owner, tier;
  uint32_t rank = 0;
  double p_alive = 0, tenure_days = 0, purchases = 0, gap_cv = 0, revenue_per_year = 0;
  double segment_median_revenue_per_year = 0, distance = 0;
  uint64_t segment_customers = 0, segment_loyal = 0;
};

struct AccountRow {
  std::string account_id, name, type, region, owner, parent_id;
  uint32_t level = 0, children = 0;
  uint64_t customers = 0, alerts = 0, lost = 0;
  double value = 0, clv = 0, referral_value = 0, annual_revenue = 0, value_at_risk = 0;
  double potential = 0, share_of_wallet = 0, upside = 0;  // NaN when unknown: written as null
};

// The effort plan (README "Effort plans"; project/stages/plan.h).
struct PlanAllocation {  // one way of spending the period's contacts
  uint64_t contacts = 0;
  double expected_gain = 0, cost = 0;
};
struct PlanCurve {  // the response of one group of customers
  std::string group;   // a type or tier name, or "all"
  std::string source;  // "history" or "judgment"
  std::string why;     // which source and why, in words
  double amplitude = 0, half = 0, shape = 0;
  double current_contacts = 0;  // today's mean contacts per period in the group
  double lift_at_current = 0, lift_at_plus_50 = 0;
  bool has_estimate = false;    // the history's estimate, also when it was not used
  bool estimate_usable = false;
  std::string estimate_reason;
  uint64_t estimate_customers = 0, estimate_rows = 0;
  double within_sd = 0, r2_within = 0, pooled_slope = 0, within_slope = 0, amplitude_se = 0;
  double est_amplitude = 0, est_half = 0, est_shape = 0;  // the estimate's own curve
  double lift_at_mean = 0, lift_at_mean_low = 0, lift_at_mean_high = 0;
  double est_lift_at_plus_50 = 0, est_lift_at_plus_50_low = 0, est_lift_at_plus_50_high = 0;
  bool has_judgment = false;
  double at_zero = 0, at_plus_50 = 0, at_saturation = 0, judged_current = 0;
};
struct PlanRepRow {
  std::string rep_id, name, channel;
  uint64_t capacity = 0, customers = 0, contacts = 0, even_contacts = 0;
  double cost = 0, expected_gain = 0, current_contacts = 0;  // current: NaN without a history
};
struct PlanCustomerRow {  // served_less / served_more
  std::string customer_id, name, rep_id, tier, reason;
  double current_contacts = 0;
  uint64_t contacts = 0;
};
struct PlanTruth {
  double period_days = 0;
  uint64_t customers = 0;  // customers of the plan with a truth row
  double plan = 0, even_spread = 0, current = 0;  // true gains
  bool has_current = false;
  double best = 0;  // the true gain of the best plan for the true responses and stakes
  uint64_t best_contacts = 0;
};
struct PlanSection {
  std::string period;
  double period_days = 0;
  std::string goal;
  double budget = 0;  // NaN: none
  double target_gain = 0, hurdle = 0;  // NaN unless the goal needs them
  std::string stake_rule;
  std::string response_source, response_why;
  std::vector<PlanCurve> curves;
  PlanAllocation even_spread, current, plan;
  bool has_current = false;
  double contacts_today = 0;  // contacts per period in the history's last year
  double upper_bound = 0;
  bool proven_optimal = false;
  bool budget_binds = false, target_reached = true;
  uint64_t reps_at_capacity = 0, customers_at_min = 0, customers_at_max = 0, customers = 0;
  double marginal_gain_per_cost = 0, budget_used = 0;
  std::vector<std::pair<double, std::pair<uint64_t, double>>> curve;  // budget -> (contacts, gain)
  std::vector<PlanRepRow> reps;
  std::vector<PlanCustomerRow> served_less, served_more;
  std::vector<std::pair<std::string, uint64_t>> reasons;  // reason kind -> customers
  std::optional<PlanTruth> truth;
};

// The experts (README "Experts"; project/stages/experts.h).
struct ExpertRow {  // a row of experts.csv
  std::string expert_id, name, specialty, institution, country, customer_id, tier, explanation;
  double scores[6] = {};  // trials, publications, talks, committees, congress, multiplier
  double pagerank = 0, total_score = 0;
  bool rising_star = false;
};
struct ExpertSection {
  uint64_t experts = 0;
  int64_t as_of_year = 0;
  double half_life_years = 0;
  std::string compare_within;
  std::vector<double> weights;  // normalized to sum 1, in the criteria's order
  std::vector<std::string> area_keywords;
  double damping = 0;
  std::vector<std::pair<std::string, uint64_t>> tiers;  // global, national, regional, local
  uint64_t rising_stars = 0, edges = 0, duplicates = 0;
  int iterations = 0;
  uint64_t linked_accounts = 0;  // experts whose customer_id is a customer of the project
  std::vector<ExpertRow> top;    // the first 100 by total score
};

// Rows of the log skipped as bad (input.on_bad_row = "skip"), by reason, most first.
struct SkippedRowGroup {
  std::string reason;  // "missing customer id", "bad date", ...
  uint64_t rows = 0;
  std::vector<std::string> examples;  // the first few, as "file:line:column: message | raw line"
};

struct Results {
  std::string winnow_version;
  std::string project_dir;
  std::string currency_note;  // how values are expressed (margin, discounting)
  double horizon_days = 0, annual_discount_rate = 0, margin = 1;
  std::vector<std::string> tier_names;
  std::vector<double> tier_cuts;
  double key_top_value = 0, key_top_upside = 0;
  double alert_p_alive_below = 0, alert_lost_below = 0, alert_overdue_factor = 0, alert_lookahead_days = 0;
  std::string rank_by;
  // [report]: how the views present the results.
  std::string report_locale, report_currency, report_title, report_client;
  std::vector<std::string> alert_tiers;
  Headline headline;
  ModelSection model;
  std::vector<segment::TierSummary> tiers;
  std::vector<segment::LorenzPoint> lorenz;
  Histogram clv_distribution;
  Heatmap p_alive_heatmap;
  ReferralSection referrals;
  uint64_t skipped_rows = 0;  // rows of the log skipped as bad
  std::vector<SkippedRowGroup> skipped_by_reason;
  std::vector<TopRow> top_customers;  // the first rows by value
  std::vector<TopRow> key_accounts;   // the first key accounts by value
  uint64_t key_accounts_limit = 200;
  // The first at_risk alerts by value to save, then the first lost ones (all are in alerts.csv).
  std::vector<AlertRow> top_alerts;
  uint64_t top_alerts_limit = 500, top_lost_limit = 100;
  std::vector<ReferenceRow> reference_customers;
  uint64_t accounts = 0, parent_accounts = 0, unlisted_customers = 0, prospects = 0;
  std::vector<AccountRow> top_parent_accounts;  // parents (groups, chains) by rolled-up value
  // Account 360 of the top parent accounts (value/account_view.h), as the API's /api/accounts/{id}.
  nlohmann::ordered_json account_views = nlohmann::ordered_json::array();
  std::vector<AccountRow> top_upside_accounts;  // buying accounts and prospects by upside
  std::optional<Evaluation> evaluation;
  std::optional<PlanSection> plan;
  std::optional<ExpertSection> experts;
  PlausibilitySection plausibility;
  std::vector<std::string> notes;  // what the user should know (fallbacks, skipped rows)
  std::vector<std::string> files;  // the files written to out/
};

// results.json, pretty-printed. The row objects of top_customers, alerts.top, reference_customers
// and accounts.top_* use the declared column names of their table, in the table's order.
std::string ToJson(const Results& results);

// An amount of money as the console summary and the server's sentences write it: whole units with
// thousands separators (10,106,656), amounts between 0 and 1 as "< 1" (a small positive value never
// reads as nothing), "unknown" when not finite.
std::string FormatMoney(double v);

// One row of alerts.csv, and one of accounts.csv, as results.json writes them (keys = the columns).
nlohmann::ordered_json AlertRowJson(const AlertRow& row);
nlohmann::ordered_json AccountRowJson(const AccountRow& row);

// Log-spaced histogram of positive values (zeros and negatives in a first bin [min, edge)).
Histogram LogHistogram(const std::vector<double>& value, size_t bins = 24);

// Mean P(alive) by frequency bins (0, 1, 2, 3-4, 5-9, 10-19, 20+) and recency as a share of T in
// tenths (0-10 %, ..., 90-100 %).
Heatmap PAliveHeatmap(const std::vector<double>& frequency, const std::vector<double>& recency_share,
                      const std::vector<double>& p_alive);

}  // namespace winnow::results
