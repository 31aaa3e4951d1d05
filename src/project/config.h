// The settings of a winnow project: DIR/winnow.toml, read by `winnow run DIR`.
//
// Every key is optional except [input] transactions; the defaults are documented in the README
// ("winnow.toml"). Unknown tables and keys, and values of the wrong type or outside their range,
// are core::Error(kConfig) naming the file, line, column and key (with "did you mean" for a
// misspelt key). Durations are written with their unit ("52 weeks", "12 months", "1 year",
// "90 days") so that they mean the same whatever the model's time unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/transactions.h"
#include "project/log_options.h"
#include "model/registry.h"

namespace winnow::project {

// The most contacts a customer may get in a planning period (plan.max_contacts, rules, limits).
inline constexpr uint64_t kMaxPlanContacts = 1000;

// [plan]: the effort plan (README "Effort plans"). Planned when `reps` is set.
struct PlanRule {  // [[plan.rules]]: contacts per period for the customers a rule selects
  std::string tier;             // a tier name, or empty: any
  std::string type;             // the customers table's type, or empty: any
  bool key_accounts = false;    // only key accounts
  std::optional<uint64_t> min;  // contacts at least
  std::optional<uint64_t> max;  // contacts at most
  std::string where;            // "plan.rules[1]" for messages
};
struct PlanJudgment {  // [[plan.judgment]]: CALLPLAN's four points for a tier or type, or all
  std::string tier, type;  // at most one set; both empty: every customer without a closer entry
  double at_zero = 0, at_plus_50 = 0, at_saturation = 0;
  std::optional<double> current;  // contacts per period today (default: the history's mean)
  std::string where;
};
struct PlanSettings {
  std::string reps;          // rep_id,name,capacity,cost[,channel]
  std::string territories;   // optional customer_id,rep_id (default: the customers table's owner)
  std::string interactions;  // optional customer_id,date,channel,rep_id,cost
  std::string limits;        // optional customer_id,min,max
  std::string truth;         // optional customer_id,period_days,stake,amplitude,half,shape
  Duration period{91, "13 weeks"};
  std::optional<double> budget;           // money per period; none: the capacities alone
  std::string goal = "budget";            // budget | target | hurdle
  std::optional<double> target_gain;      // goal "target"
  std::optional<double> hurdle;           // goal "hurdle": expected gain per unit of cost
  std::string stake = "value";            // value | value+upside
  std::string response = "auto";         // auto | history | judgment
  std::string response_by = "type";       // type | tier | all
  uint64_t max_contacts = 13;             // per customer and period, unless a rule says otherwise
  std::vector<PlanRule> rules;
  std::vector<PlanJudgment> judgments;
};

// [experts]: the experts and key opinion leaders (README "Experts"). Scored when `experts` is set.
struct ExpertSettings {
  std::string experts;  // expert_id,name,specialty,institution,country[,customer_id]
  std::string publications, trials, talks, memberships;  // optional activity tables
  std::optional<int64_t> as_of_year;  // default: the latest year in the tables
  Duration half_life{4 * 365.25, "4 years"};
  std::vector<std::string> area_keywords;
  std::string compare_within = "specialty";  // specialty | country | all
  double damping = 0.85;
  // trials, publications, talks, committees, congress, multiplier (expert/scoring.h's order)
  std::vector<double> weights = {0.25, 0.20, 0.15, 0.15, 0.10, 0.15};
  uint64_t global_countries = 3, global_international = 3, national_collaborators = 10;
  uint64_t rising_years = 3;
  double rising_growth = 2.0, rising_min_score = 50;
};

// Durations (project::Duration) and the reading and period settings are declared in
// project/log_options.h.
struct ProjectConfig : ReadSettings, PeriodSettings {
  std::string dir;          // the project folder; relative paths below are relative to it
  std::string config_path;  // DIR/winnow.toml

  // [input] and [period]: the reading and period settings (project/log_options.h, the table
  // shared with the command line), in the bases ReadSettings and PeriodSettings; besides them:
  std::string customers;  // optional: customer_id,name,type,region,owner,parent_id,potential
  std::string referrals;  // optional: referrer_id,referred_id,date

  // [model]
  std::string model = "auto";  // auto | a candidate of the model registry (model::ModelInfo::candidate)
  std::vector<std::string> candidates = model::DefaultCandidates();
  double penalizer = 0;
  uint64_t selection_sample = 100000;  // customers the candidates are compared on (0: all)
  uint64_t fit_sample = 250000;        // customers the chosen model is refitted on (0: all)

  // [value]
  Duration horizon{3 * 365.25, "3 years"};
  double annual_discount_rate = 0.10;
  double margin = 1.0;

  // [referrals]
  // Share of a referred customer's value its referral caused (KPL: the referred customers who would
  // not have come otherwise), credited to the referrer.
  double referral_incremental_share = 0.2;

  // [tiers]
  std::vector<std::string> tier_names = {"A", "B", "C"};
  std::vector<double> tier_cuts = {0.80, 0.95};  // cumulative share of value, one fewer than names
  std::string rank_by = "clv";  // the value tiers and rankings use: "clv" or "clv+referral"

  // [key_accounts]
  double key_top_value = 0.02;   // share of customers flagged for top total value
  double key_top_upside = 0.02;  // share of customers flagged for top upside (needs potentials)

  // [alerts]
  double alert_p_alive_below = 0.5;
  double alert_lost_below = 0.1;  // P(alive) below: lost (win-back), else at risk and recoverable
  double alert_overdue_factor = 2.0;  // days since last purchase > factor x expected gap
  std::vector<std::string> alert_tiers;  // default: every tier but the last
  Duration alert_lookahead{91, "13 weeks"};

  // [report]: how the report and the dashboard present the results.
  std::string report_locale = "en-US";  // BCP 47; texts in German for de-*, else English
  std::string report_currency;          // ISO 4217 code, e.g. "EUR"; empty: money without a symbol
  std::string report_title, report_client;

  // [reference]
  uint64_t reference_per_segment = 3;
  std::vector<std::string> reference_segment_by = {"type", "region"};  // or {"tier"}
  double reference_min_p_alive = 0.8;
  Duration reference_min_tenure{365.25, "1 year"};
  uint64_t reference_min_purchases = 4;
  double reference_max_gap_cv = 1.0;

  // [evaluation]
  std::string truth;  // optional: customer_id,alive,future_purchases,future_revenue
  Duration evaluation_window{364, "52 weeks"};

  // [plan]
  PlanSettings plan;

  // [experts]
  ExpertSettings experts;

  // [output]
  std::string out_dir = "out";

  // [run]
  uint64_t threads = 0;
  bool strict = false;  // warnings about the fit fail the run (exit 2), as --strict

  // A path of the project as given (absolute, or relative to dir).
  std::string Resolve(const std::string& path) const;
};

// Reads DIR/winnow.toml. Throws core::Error(kConfig) for bad content, kIo when it cannot be read.
ProjectConfig LoadProjectConfig(const std::string& dir);

// Every key of winnow.toml, "table.key" (the README's table lists the same).
std::vector<std::string> ProjectConfigKeys();

// How to read the project's transaction log: io::ReadOptions from [input] and [run] threads
// (amounts required). Throws core::Error(kConfig) naming the key for a bad input.delimiter.
io::ReadOptions ProjectReadOptions(const ProjectConfig& config);

}  // namespace winnow::project
