#include "project/stages/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_map>

#include "core/error.h"
#include "core/parallel.h"
#include "io/byte_source.h"
#include "io/transaction_reader.h"
#include "plan/optimize.h"
#include "plan/response.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kYearDays = 365.25;
constexpr uint32_t kUnassigned = std::numeric_limits<uint32_t>::max();

// CALLPLAN points winnow plans with when neither the history nor winnow.toml gives a curve: a
// cautious concave response (no contact: -10 %; +50 % contacts: +1.5 %; saturation: +8 %; so
// d = 0.8 and c = 0.86), at today's contacts from the history, else 2 a period. Stated in
// results.json and as a note, so that nobody mistakes it for an estimate.
constexpr plan::Judgment kDefaultJudgment{0.90, 1.015, 1.08, 2};

std::string Money(double v) { return fmt::format("{:.0f}", v); }

// Which rep works each customer row: the territories table, else the customers table's owner.
std::vector<uint32_t> AssignReps(const PlanInput& input, const std::vector<plan::Rep>& reps,
                                 std::vector<std::string>* notes) {
  const ProjectConfig& config = *input.config;
  const Ingested& in = *input.in;
  std::unordered_map<std::string_view, uint32_t> rep_index;
  for (size_t r = 0; r < reps.size(); ++r) rep_index.emplace(reps[r].id, static_cast<uint32_t>(r));
  std::vector<uint32_t> rep_of(in.customers(), kUnassigned);
  if (!config.plan.territories.empty()) {
    const std::string path = config.Resolve(config.plan.territories);
    uint64_t not_in_log = 0;
    for (const plan::Territory& t : plan::ReadTerritories(path)) {
      const auto found = rep_index.find(t.rep_id);
      if (found == rep_index.end()) {
        throw Error(ErrorKind::kInput, fmt::format("rep \"{}\" is not in the reps table {}",
                                                   core::Printable(t.rep_id), config.plan.reps))
            .At(path, static_cast<int64_t>(t.line), static_cast<int64_t>(t.rep_field))
            .Field("rep_id");
      }
      const uint32_t row = in.RowOf(t.customer_id);
      if (row == kNoRow) {
        ++not_in_log;
        continue;
      }
      rep_of[row] = found->second;
    }
    if (not_in_log > 0) {
      notes->push_back(fmt::format("plan: {} customers of the territories table have no purchase in the log; they are "
                                   "not planned", not_in_log));
    }
  } else {
    const AccountLinks& L = *input.accounts;
    if (L.accounts.size() == 0) {
      throw Error(ErrorKind::kConfig,
                  "plan: who works which customer is unknown: give plan.territories (customer_id,rep_id) or a "
                  "customers table (input.customers) with an owner column")
          .At(config.config_path);
    }
    uint64_t unknown = 0;
    std::string example;
    for (size_t row = 0; row < rep_of.size(); ++row) {
      const std::string& owner = L.Field(L.accounts.owner, row);
      const auto found = rep_index.find(owner);
      if (found != rep_index.end()) {
        rep_of[row] = found->second;
      } else if (!owner.empty()) {
        if (unknown++ == 0) example = owner;
      }
    }
    if (unknown > 0) {
      notes->push_back(fmt::format("plan: {} customers have an owner the reps table lacks (e.g. \"{}\"); they are not "
                                   "planned", unknown, core::Printable(example)));
    }
  }
  uint64_t unassigned = 0;
  std::string example;
  for (size_t row = 0; row < rep_of.size(); ++row) {
    if (rep_of[row] == kUnassigned && unassigned++ == 0) example = in.ids[row];
  }
  if (unassigned > 0 && unassigned < rep_of.size()) {
    notes->push_back(fmt::format("plan: {} of {} customers with purchases have no rep (e.g. {}: {}); they are not "
                                 "planned",
                                 unassigned, rep_of.size(), example,
                                 config.plan.territories.empty() ? "no owner of the reps table in the customers table"
                                                                 : "no row in plan.territories"));
  }
  if (unassigned == rep_of.size()) {
    throw Error(ErrorKind::kInput,
                fmt::format("plan: no customer of the log has a rep of {}: check that the territories or the customers "
                            "table's owners use the reps table's rep_id",
                            config.plan.reps))
        .At(config.Resolve(config.plan.reps));
  }
  return rep_of;
}

// Today's contacts from the interactions history, per customer row and period.
struct History {
  bool present = false;
  uint32_t periods = 0;                 // complete periods counted back from the observation end
  std::vector<uint16_t> contacts;       // [row * periods + period], period 0 the latest
  std::vector<double> current;          // per row: contacts per period over the history's last year
  double span_days = 0;                 // the days `current` averages over
  uint64_t rows = 0, counted = 0;       // interactions read, and in the reps' channels by the end
  uint64_t unknown_customers = 0;       // ids of the history without a purchase in the log
};

History ReadHistory(const PlanInput& input, const std::vector<plan::Rep>& reps, std::vector<std::string>* notes) {
  const ProjectConfig& config = *input.config;
  const Ingested& in = *input.in;
  History h;
  if (config.plan.interactions.empty()) return h;
  h.present = true;
  const core::Day end = in.period.observation_end;
  const double P = config.plan.period.days;
  h.periods = static_cast<uint32_t>(std::floor((end - in.summary.first_log_day + 1) / P));
  io::ReadOptions options;
  options.customer_col = "customer_id";
  options.date_col = "date";
  options.amount_col = "cost";
  options.group_col = "channel";
  options.date_format = config.date_format;
  options.threads = config.threads;
  const io::TransactionLog log = io::ReadTransactions(
      io::ExpandInputPatterns({config.Resolve(config.plan.interactions)}), options);
  h.rows = log.rows();
  // The channels the plan counts: those of the reps table.
  std::vector<uint8_t> counts_channel(log.group_names.size(), 0);
  for (size_t g = 0; g < log.group_names.size(); ++g) {
    for (const plan::Rep& rep : reps) counts_channel[g] |= rep.channel == log.group_names[g];
  }
  std::vector<uint32_t> row_of(log.ids.size());
  for (uint32_t k = 0; k < log.ids.size(); ++k) {
    row_of[k] = in.RowOf(log.ids.Get(k));
    h.unknown_customers += row_of[k] == kNoRow;
  }
  core::Day first = end;
  for (size_t k = 0; k < log.rows(); ++k) first = std::min(first, log.day[k]);
  h.span_days = std::min(kYearDays, static_cast<double>(end - first + 1));
  h.contacts.assign(static_cast<size_t>(in.customers()) * h.periods, 0);
  std::vector<double> last_year(in.customers(), 0);
  for (size_t k = 0; k < log.rows(); ++k) {
    const bool counted =
        log.group.empty() || (log.group[k] != io::TransactionLog::kNoGroup && counts_channel[log.group[k]]);
    const uint32_t row = row_of[log.customer[k]];
    if (!counted || row == kNoRow || log.day[k] > end) continue;
    ++h.counted;
    const double age = end - log.day[k];
    if (age < h.span_days) last_year[row] += 1;
    const auto period = static_cast<uint32_t>(age / P);
    if (period < h.periods) {
      uint16_t& cell = h.contacts[static_cast<size_t>(row) * h.periods + period];
      if (cell < std::numeric_limits<uint16_t>::max()) ++cell;
    }
  }
  h.current.resize(in.customers());
  for (size_t row = 0; row < last_year.size(); ++row) h.current[row] = last_year[row] * P / h.span_days;
  if (h.unknown_customers > 0) {
    notes->push_back(fmt::format("plan: {} customers of the interactions history have no purchase in the log",
                                 h.unknown_customers));
  }
  if (h.counted == 0) {
    notes->push_back(fmt::format("plan: none of the {} interactions is in a channel of the reps table ({}) by the "
                                 "observation end: today's contacts are taken as 0",
                                 h.rows, config.plan.reps));
  }
  return h;
}

// The history panel of a group of customers: per customer, each complete period after its first
// purchase up to the period of its last one (while it is visibly active), contacts and revenue.
std::vector<plan::PanelRow> Panel(const PlanInput& input, const History& h, const std::vector<uint32_t>& members,
                                  const std::vector<double>& revenue) {
  const summary::CustomerSummary& S = input.in->summary;
  const core::Day end = input.in->period.observation_end;
  const double P = input.config->plan.period.days;
  std::vector<plan::PanelRow> rows;
  for (uint32_t row : members) {
    const auto last_period = static_cast<uint32_t>((end - S.last_day[row]) / P);
    for (uint32_t k = last_period; k < h.periods; ++k) {
      const double start = end - (k + 1) * P + 1;  // the period's first day
      if (!(start > S.first_day[row])) break;
      const size_t cell = static_cast<size_t>(row) * h.periods + k;
      rows.push_back({row, k, static_cast<double>(h.contacts[cell]), revenue[cell]});
    }
  }
  return rows;
}

// Revenue per customer row and period (the log's amounts, returns netted), as the history's cells.
std::vector<double> PeriodRevenue(const PlanInput& input, const History& h) {
  const Ingested& in = *input.in;
  const core::Day end = in.period.observation_end;
  const double P = input.config->plan.period.days;
  std::vector<double> revenue(static_cast<size_t>(in.customers()) * h.periods, 0);
  const std::vector<uint32_t>& row_of = *input.customer_of_log_row;
  for (size_t k = 0; k < in.log.rows(); ++k) {
    const uint32_t row = row_of[k];
    if (row == kNoRow || in.log.amount.empty()) continue;
    const auto period = static_cast<uint32_t>((end - in.log.day[k]) / P);
    if (period < h.periods) revenue[static_cast<size_t>(row) * h.periods + period] += in.log.amount[k];
  }
  return revenue;
}

// The groups the response is estimated or judged for (plan.response_by), per customer row.
struct Groups {
  std::vector<std::string> names;
  std::vector<uint32_t> of;  // per customer row
};

Groups GroupCustomers(const PlanInput& input) {
  const ProjectConfig& config = *input.config;
  const size_t n = input.in->customers();
  Groups g;
  g.of.assign(n, 0);
  if (config.plan.response_by == "all") {
    g.names = {"all"};
    return g;
  }
  std::map<std::string, uint32_t> index;
  for (size_t row = 0; row < n; ++row) {
    std::string name = config.plan.response_by == "tier"
                           ? config.tier_names[input.tiering->tier[row]]
                           : input.accounts->Field(input.accounts->accounts.type, row);
    if (name.empty()) name = "(none)";
    index.emplace(name, 0);
    g.of[row] = 0;
  }
  for (auto& [name, k] : index) {
    k = static_cast<uint32_t>(g.names.size());
    g.names.push_back(name);
  }
  for (size_t row = 0; row < n; ++row) {
    std::string name = config.plan.response_by == "tier"
                           ? config.tier_names[input.tiering->tier[row]]
                           : input.accounts->Field(input.accounts->accounts.type, row);
    g.of[row] = index.at(name.empty() ? "(none)" : name);
  }
  return g;
}

// The judgment for a group: the entry naming it, else the entry naming neither tier nor type.
const PlanJudgment* JudgmentFor(const ProjectConfig& config, const std::string& group) {
  const PlanJudgment* fallback = nullptr;
  for (const PlanJudgment& j : config.plan.judgments) {
    const std::string& key = config.plan.response_by == "tier" ? j.tier : j.type;
    if (j.tier.empty() && j.type.empty()) fallback = &j;
    if (!key.empty() && key == group) return &j;
  }
  return fallback;
}

void CopyEstimate(const plan::Estimate& e, results::PlanCurve* c) {
  c->has_estimate = true;
  c->estimate_usable = e.usable;
  c->estimate_reason = e.reason;
  c->estimate_customers = e.customers;
  c->estimate_rows = e.rows;
  c->within_sd = e.within_sd;
  c->r2_within = e.r2_within;
  c->pooled_slope = e.pooled_slope;
  c->within_slope = e.within_slope;
  c->amplitude_se = e.amplitude_se;
  c->est_amplitude = e.response.amplitude;
  c->est_half = e.response.half;
  c->est_shape = e.response.shape;
  c->lift_at_mean = e.lift_at_mean;
  c->lift_at_mean_low = e.lift_at_mean_low;
  c->lift_at_mean_high = e.lift_at_mean_high;
  c->est_lift_at_plus_50 = e.lift_at_plus_50;
  c->est_lift_at_plus_50_low = e.lift_at_plus_50_low;
  c->est_lift_at_plus_50_high = e.lift_at_plus_50_high;
}

// The response of each group: the history's estimate where it identifies the curve (plan.response
// "auto" or "history"), else the group's judgment, else the estimate over all customers, else the
// default judgment. Fills the section's curves and the sentence saying which was used and why.
std::vector<plan::Response> ChooseResponses(const PlanInput& input, const Groups& groups, const History& history,
                                            const std::vector<uint32_t>& rep_of, results::PlanSection* section,
                                            std::vector<std::string>* notes) {
  const ProjectConfig& config = *input.config;
  const std::string& mode = config.plan.response;
  const size_t G = groups.names.size();
  std::vector<std::vector<uint32_t>> members(G);
  for (size_t row = 0; row < groups.of.size(); ++row) {
    if (rep_of[row] != kUnassigned) members[groups.of[row]].push_back(static_cast<uint32_t>(row));
  }
  std::vector<double> mean_current(G, kNaN);
  if (history.present) {
    for (size_t g = 0; g < G; ++g) {
      double sum = 0;
      for (uint32_t row : members[g]) sum += history.current[row];
      if (!members[g].empty()) mean_current[g] = sum / static_cast<double>(members[g].size());
    }
  }
  const bool estimate = history.present && mode != "judgment" && history.periods >= 2;
  std::vector<plan::Estimate> estimates(G);
  std::optional<plan::Estimate> pooled;
  std::vector<double> revenue;
  plan::EstimateOptions options;
  options.threads = config.threads;
  options.period_name = fmt::format("periods of {}", config.plan.period.text);
  if (estimate) {
    SayIf(input.say, "plan: estimating the response from the interactions history");
    revenue = PeriodRevenue(input, history);
    for (size_t g = 0; g < G; ++g) {
      estimates[g] = plan::EstimateResponse(Panel(input, history, members[g], revenue), options);
    }
  }
  for (const PlanJudgment& j : config.plan.judgments) {
    const std::string& named = config.plan.response_by == "tier" ? j.tier : j.type;
    if (!named.empty() && std::find(groups.names.begin(), groups.names.end(), named) == groups.names.end()) {
      throw Error(ErrorKind::kConfig, fmt::format("{}.{}: no customer of the plan is of {} \"{}\"; the {}s are {}",
                                                  j.where, config.plan.response_by, config.plan.response_by,
                                                  core::Printable(named), config.plan.response_by,
                                                  fmt::join(groups.names, ", ")))
          .At(config.config_path);
    }
  }
  std::vector<plan::Response> responses(G);
  uint64_t by_history = 0, by_judgment = 0;
  for (size_t g = 0; g < G; ++g) {
    results::PlanCurve& curve = section->curves.emplace_back();
    curve.group = groups.names[g];
    curve.current_contacts = mean_current[g];
    if (estimate) CopyEstimate(estimates[g], &curve);
    const PlanJudgment* judged = JudgmentFor(config, groups.names[g]);
    if (estimate && estimates[g].usable) {
      responses[g] = estimates[g].response;
      curve.source = "history";
      curve.why = estimates[g].reason;
    } else if (mode == "history") {
      throw Error(ErrorKind::kConfig,
                  fmt::format("plan.response = \"history\", but the history does not identify the response of {} "
                              "customers: {}",
                              groups.names[g],
                              estimate ? estimates[g].reason
                                       : (history.present ? "it covers fewer than two periods"
                                                          : "there is no interactions history (plan.interactions)")))
          .At(config.config_path);
    } else {
      plan::Judgment points = kDefaultJudgment;
      std::string where = "winnow's default judgment";
      if (judged != nullptr) {
        points = {judged->at_zero, judged->at_plus_50, judged->at_saturation, 0};
        where = judged->where;
      }
      if (judged != nullptr && judged->current) {
        points.current = *judged->current;
      } else if (std::isfinite(mean_current[g]) && mean_current[g] > 0) {
        points.current = mean_current[g];
      } else if (judged != nullptr) {
        throw Error(ErrorKind::kConfig,
                    fmt::format("{}.current: today's contacts per period of {} customers are unknown (no interactions "
                                "history): give them",
                                judged->where, groups.names[g]))
            .At(config.config_path);
      }
      if (judged == nullptr && estimate && !pooled) {
        std::vector<uint32_t> all;
        for (const auto& m : members) all.insert(all.end(), m.begin(), m.end());
        pooled = plan::EstimateResponse(Panel(input, history, all, revenue), options);
      }
      if (judged == nullptr && pooled && pooled->usable) {
        responses[g] = pooled->response;
        curve.source = "history";
        curve.why = fmt::format("the estimate over all customers ({}), since this group's own is {}", pooled->reason,
                                estimates[g].reason);
      } else {
        responses[g] = plan::FromJudgment(points, where);
        curve.source = "judgment";
        curve.has_judgment = true;
        curve.at_zero = points.at_zero;
        curve.at_plus_50 = points.at_plus_50;
        curve.at_saturation = points.at_saturation;
        curve.judged_current = points.current;
        std::string because = ", since there is no interactions history";
        if (mode == "judgment") {
          because = " (plan.response = \"judgment\")";
        } else if (estimate) {
          because = ", since the history's estimate is " + estimates[g].reason;
        } else if (history.present) {
          because = ", since the history has fewer than two periods";
        }
        curve.why = (judged != nullptr ? "CALLPLAN's judgment of " + judged->where : where) + because;
        if (judged == nullptr) {
          notes->push_back(fmt::format("plan: {} customers are planned with winnow's default response, a placeholder "
                                       "(concave; no contact -10 %, +50 % contacts +1.5 %, saturation +8 %, around "
                                       "{:.1f} contacts a period today{}): give [[plan.judgment]] or an interactions "
                                       "history that identifies the response",
                                       groups.names[g], points.current,
                                       std::isfinite(mean_current[g]) ? "" : ", assumed"));
        }
      }
    }
    const plan::Response& r = responses[g];
    curve.amplitude = r.amplitude;
    curve.half = r.half;
    curve.shape = r.shape;
    const double level = std::isfinite(curve.current_contacts) ? curve.current_contacts
                                                               : (curve.has_judgment ? curve.judged_current : kNaN);
    curve.lift_at_current = std::isfinite(level) ? r.Lift(level) : kNaN;
    curve.lift_at_plus_50 = std::isfinite(level) ? r.Lift(1.5 * level) : kNaN;
    (curve.source == "history" ? by_history : by_judgment) += 1;
  }
  section->response_source = by_judgment == 0 ? "history" : by_history == 0 ? "judgment" : "mixed";
  if (!history.present) {
    section->response_why = "no interactions history (plan.interactions): CALLPLAN's judgment from winnow.toml";
  } else if (mode == "judgment") {
    section->response_why = "plan.response = \"judgment\": CALLPLAN's judgment from winnow.toml, the history only "
                            "for today's contacts";
  } else {
    std::vector<std::string> parts;
    for (const results::PlanCurve& c : section->curves) parts.push_back(fmt::format("{}: {}", c.group, c.why));
    section->response_why = fmt::format("{}", fmt::join(parts, "; "));
  }
  return responses;
}

// Per customer: the contacts allowed ([min, max]) and the rule that set the minimum.
struct Limits {
  std::vector<uint16_t> min, max;
  uint64_t unknown = 0;  // rows of plan.limits whose customer has no purchase
  std::vector<int32_t> min_rule;  // index into plan.rules, -1: the limits table or none
};

Limits CustomerLimits(const PlanInput& input) {
  const ProjectConfig& config = *input.config;
  const PlanSettings& p = config.plan;
  const size_t n = input.in->customers();
  Limits L;
  L.min.assign(n, 0);
  L.max.assign(n, static_cast<uint16_t>(p.max_contacts));
  L.min_rule.assign(n, -1);
  for (size_t row = 0; row < n; ++row) {
    for (size_t k = 0; k < p.rules.size(); ++k) {
      const PlanRule& rule = p.rules[k];
      if (!rule.tier.empty() && config.tier_names[input.tiering->tier[row]] != rule.tier) continue;
      if (!rule.type.empty() && input.accounts->Field(input.accounts->accounts.type, row) != rule.type) continue;
      if (rule.key_accounts && !input.tiering->key(row)) continue;
      if (rule.min && *rule.min > L.min[row]) {
        L.min[row] = static_cast<uint16_t>(*rule.min);
        L.min_rule[row] = static_cast<int32_t>(k);
      }
      if (rule.max) L.max[row] = std::min<uint16_t>(L.max[row], static_cast<uint16_t>(*rule.max));
    }
    if (L.min[row] > L.max[row]) {
      throw Error(ErrorKind::kConfig,
                  fmt::format("plan: the rules give customer {} a minimum of {} ({}) above its maximum of {}",
                              input.in->ids[row], L.min[row], p.rules[L.min_rule[row]].where, L.max[row]))
          .At(config.config_path);
    }
  }
  if (!p.limits.empty()) {
    const std::string path = config.Resolve(p.limits);
    for (const plan::Limit& limit : plan::ReadLimits(path, p.max_contacts)) {
      const uint32_t row = input.in->RowOf(limit.customer_id);
      if (row == kNoRow) {
        ++L.unknown;
        continue;
      }
      if (limit.min >= 0) L.min[row] = static_cast<uint16_t>(limit.min), L.min_rule[row] = -1;
      if (limit.max >= 0) L.max[row] = static_cast<uint16_t>(limit.max);
      if (L.min[row] > L.max[row]) {
        throw Error(ErrorKind::kInput, fmt::format("customer {}: the minimum {} is above the maximum {}",
                                                   limit.customer_id, L.min[row], L.max[row]))
            .At(path, static_cast<int64_t>(limit.line));
      }
    }
  }
  return L;
}

// The customer's value in the period that contacts act on (the header's rule).
std::vector<double> Stakes(const PlanInput& input) {
  const ProjectConfig& config = *input.config;
  const value::CustomerValues& V = *input.values;
  const size_t n = V.size();
  std::vector<double> stake(n);
  const bool upside = config.plan.stake == "value+upside";
  for (size_t row = 0; row < n; ++row) {
    double s = config.margin * V.expected_spend[row] * V.expected_in_plan_period[row];
    const double up = input.accounts->upside.empty() ? kNaN : input.accounts->upside[row];
    if (upside && std::isfinite(up) && up > 0) {
      s += config.margin * V.p_alive[row] * up * config.plan.period.days / kYearDays;
    }
    stake[row] = std::isfinite(s) && s > 0 ? s : 0;
  }
  return stake;
}

// The reason for a customer's contacts, in words, and its kind (results.json's reasons).
struct Reason {
  const char* kind;  // one of a few fixed words
  std::string text;
};

Reason Explain(const PlanInput& input, const PlanRow& row, const plan::PlanCustomer& c, int32_t min_rule,
               const plan::Rep& rep, const plan::Response& response, const plan::PlanSolution& solution,
               bool rep_full) {
  const ProjectConfig& config = *input.config;
  const double n = row.contacts;
  const std::string today =
      std::isfinite(row.current) ? fmt::format(" (today {:.1f})", row.current) : std::string();
  const double threshold = solution.marginal_gain_per_cost * rep.cost;  // what the last contact planned earns
  if (row.contacts == 0 && c.max == 0) {
    return {"at the maximum",
            fmt::format("not planned{}: its limits allow no contact (plan.limits or [[plan.rules]]); {} at stake in "
                        "the period",
                        today, Money(row.stake))};
  }
  if (row.contacts == 0) {
    double best = 0;  // the most any number of contacts would gain per contact
    for (uint16_t k = 1; k <= c.max; ++k) best = std::max(best, c.stake * response.Lift(k) / k);
    const double p_alive = input.values->p_alive[row.customer];
    if (p_alive < 0.1) {
      return {"probably lost", fmt::format("not planned{}: probably lost (P(alive) {:.2f}), {} at stake in the period",
                                           today, p_alive, Money(row.stake))};
    }
    if (rep_full && best > threshold) {
      return {"rep fully booked",
              fmt::format("not planned{}: {} is fully booked with customers who gain more per contact; a contact would "
                          "gain up to {} here",
                          today, rep.name, Money(best))};
    }
    // Two decimals where whole units would read the same.
    const bool close = Money(best) == Money(threshold);
    return {"too little to gain",
            fmt::format("not planned{}: a contact would gain at most {}, less than the {} the last contact planned "
                        "for this rep's cost earns",
                        today, close ? fmt::format("{:.2f} per contact", best) : Money(best) + " per contact",
                        close ? fmt::format("{:.2f}", threshold) : Money(threshold))};
  }
  const double per = row.expected_gain / n;
  if (c.min > 0 && row.contacts == c.min && row.next_gain < threshold) {
    const int32_t rule = min_rule;
    return {"held at the minimum",
            fmt::format("{} contact{}{}: the minimum of {}; expected gain {}", row.contacts,
                        row.contacts == 1 ? "" : "s", today, rule >= 0 ? config.plan.rules[static_cast<size_t>(rule)].where : "plan.limits",
                        Money(row.expected_gain))};
  }
  if (row.contacts == c.max) {
    return {"at the maximum",
            fmt::format("{} contacts{}: the most allowed; {} at stake, expected gain {} ({} per contact)", row.contacts,
                        today, Money(row.stake), Money(row.expected_gain), Money(per))};
  }
  return {"planned",
          fmt::format("{} contact{}{}: {} at stake, expected gain {} ({} per contact); one more would gain {}",
                      row.contacts, row.contacts == 1 ? "" : "s", today, Money(row.stake),
                                 Money(row.expected_gain), Money(per), Money(row.next_gain))};
}

// The true gains of the plan, the even spread and today's allocation (plan.truth).
// Also the best plan possible: the same problem solved with each customer's true stake and
// response, which no planner can know; the share of it the plan reaches says how much better the
// estimates could make it.
std::optional<results::PlanTruth> TrueGains(const PlanInput& input, const std::vector<PlanRow>& rows,
                                            const plan::PlanProblem& problem, const std::vector<uint16_t>& current,
                                            bool has_current, std::vector<std::string>* notes) {
  const ProjectConfig& config = *input.config;
  if (config.plan.truth.empty()) return std::nullopt;
  const std::vector<plan::TruthRow> truth = plan::ReadResponseTruth(config.Resolve(config.plan.truth));
  std::vector<uint32_t> truth_of(input.in->customers(), kNoRow);
  for (size_t k = 0; k < truth.size(); ++k) {
    const uint32_t row = input.in->RowOf(truth[k].customer_id);
    if (row != kNoRow) truth_of[row] = static_cast<uint32_t>(k);
  }
  results::PlanTruth t;
  t.has_current = has_current;
  for (size_t k = 0; k < rows.size(); ++k) {
    const uint32_t j = truth_of[rows[k].customer];
    if (j == kNoRow) continue;
    const plan::TruthRow& tr = truth[j];
    if (std::abs(tr.period_days - config.plan.period.days) > 0.5) {
      notes->push_back(fmt::format("plan.truth: its period is {} days, the plan's {} ({}): the true gains are not "
                                   "computed",
                                   tr.period_days, config.plan.period.days, config.plan.period.text));
      return std::nullopt;
    }
    t.period_days = tr.period_days;
    ++t.customers;
    const double s = config.margin * tr.stake;
    t.plan += s * tr.response.Lift(rows[k].contacts);
    t.even_spread += s * tr.response.Lift(rows[k].even);
    if (has_current) t.current += s * tr.response.Lift(current[k]);
  }
  if (t.customers == 0) {
    notes->push_back("plan.truth: no customer of the plan has a truth row: the true gains are not computed");
    return std::nullopt;
  }
  plan::PlanProblem known = problem;  // rows are in the problem's customer order here
  known.responses.assign(rows.size(), plan::Response{});
  for (size_t k = 0; k < rows.size(); ++k) {
    const uint32_t j = truth_of[rows[k].customer];
    known.customers[k].response = static_cast<uint32_t>(k);
    known.customers[k].stake = j == kNoRow ? 0 : config.margin * truth[j].stake;
    if (j != kNoRow) known.responses[k] = truth[j].response;
  }
  const plan::PlanSolution best = plan::Optimize(known);
  t.best = best.gain;
  t.best_contacts = best.total_contacts;
  return t;
}

// What the user should know about the plan: reps without customers, contacts that earn less
// than they cost, a target out of reach.
void PlanNotes(const PlanSettings& settings, const results::PlanSection& S, const std::vector<plan::Rep>& reps,
               std::vector<std::string>* notes) {
  uint64_t idle = 0;
  std::string example;
  for (size_t r = 0; r < S.reps.size(); ++r) {
    if (S.reps[r].customers == 0 && idle++ == 0) example = reps[r].id;
  }
  if (idle > 0) {
    notes->push_back(fmt::format("plan: {} reps of {} have no customer (e.g. {}): no territory and no owner names them",
                                 idle, settings.reps, example));
  }
  if (S.plan.contacts > 0 && S.marginal_gain_per_cost < 1) {
    notes->push_back(fmt::format("plan: the last contacts planned gain {:.2f} per unit of their cost within the "
                                 "period{} (gains after the period are not counted); with goal = \"hurdle\" and "
                                 "hurdle = 1, only contacts that earn their cost in the period are planned",
                                 S.marginal_gain_per_cost,
                                 S.plan.expected_gain < S.plan.cost ? ", and the plan as a whole gains less than it costs"
                                                                    : ""));
  }
  if (settings.goal == "target" && !S.target_reached) {
    notes->push_back(fmt::format("plan: the target gain {:.0f} is out of reach: every contact the capacities{} allow "
                                 "gains {:.0f}",
                                 S.target_gain, settings.budget ? " and the budget" : "", S.plan.expected_gain));
  }
}

// The plausibility guard of the plan (as check.h's for the values): before anything is written,
// every customer's contacts lie within its limits, no rep exceeds its capacity, the plan's cost is
// within the budget, and every gain and stake is finite and not negative. A failure is a bug of
// ours, reported as an error rather than written.
void CheckPlan(const plan::PlanProblem& problem, const plan::PlanSolution& solution, const std::vector<PlanRow>& rows,
               const std::vector<plan::Rep>& reps) {
  auto fail = [](const std::string& what) {
    return Error(ErrorKind::kFit, "plan: the plan fails its own check (" + what + "); nothing is written")
        .Hint("please report this with the project's winnow.toml");
  };
  std::vector<uint64_t> used(reps.size(), 0);
  for (size_t k = 0; k < rows.size(); ++k) {
    const plan::PlanCustomer& c = problem.customers[k];
    const PlanRow& row = rows[k];
    if (row.contacts < c.min || row.contacts > c.max) {
      throw fail(fmt::format("contacts {} outside {}..{}", row.contacts, c.min, c.max));
    }
    if (!(std::isfinite(row.expected_gain) && row.expected_gain >= 0 && std::isfinite(row.stake) && row.stake >= 0 &&
          std::isfinite(row.next_gain))) {
      throw fail(fmt::format("gain {} or stake {} not a number >= 0", row.expected_gain, row.stake));
    }
    used[c.rep] += row.contacts;
  }
  for (size_t r = 0; r < reps.size(); ++r) {
    if (used[r] > reps[r].capacity) {
      throw fail(fmt::format("rep {} plans {} contacts over its capacity {}", reps[r].id, used[r], reps[r].capacity));
    }
  }
  if (problem.budget && problem.goal == plan::Goal::kBudget && solution.cost > *problem.budget * (1 + 1e-9) + 1e-6) {
    throw fail(fmt::format("cost {} over the budget {}", solution.cost, *problem.budget));
  }
  if (!std::isfinite(solution.gain) || !std::isfinite(solution.upper_bound) ||
      solution.upper_bound < solution.gain * (1 - 1e-9) - 1e-6) {
    throw fail(fmt::format("gain {} and bound {}", solution.gain, solution.upper_bound));
  }
}

results::PlanAllocation Allocation(const plan::PlanProblem& problem, const std::vector<uint16_t>& contacts) {
  results::PlanAllocation a;
  for (uint16_t c : contacts) a.contacts += c;
  a.expected_gain = plan::TotalGain(problem, contacts);
  a.cost = plan::TotalCost(problem, contacts);
  return a;
}

}  // namespace

EffortPlan PlanEffort(const PlanInput& input) {
  const ProjectConfig& config = *input.config;
  const PlanSettings& settings = config.plan;
  EffortPlan out;
  if (settings.reps.empty()) return out;
  out.planned = true;
  SayIf(input.say, "plan: reading the field force");
  out.reps = plan::ReadReps(config.Resolve(settings.reps));
  const std::vector<uint32_t> rep_of = AssignReps(input, out.reps, &out.notes);
  const History history = ReadHistory(input, out.reps, &out.notes);
  const Groups groups = GroupCustomers(input);
  results::PlanSection& S = out.section;
  const std::vector<plan::Response> responses =
      ChooseResponses(input, groups, history, rep_of, &S, &out.notes);
  const Limits limits = CustomerLimits(input);
  if (limits.unknown > 0) {
    out.notes.push_back(fmt::format("plan.limits: {} rows name customers without a purchase in the log; they are left "
                                    "out",
                                    limits.unknown));
  }
  if (settings.stake == "value+upside" && input.accounts->upside.empty()) {
    out.notes.push_back("plan.stake = \"value+upside\", but no customer has a potential (the customers table's "
                        "potential column): the stake is the value alone");
  }
  const std::vector<double> stake = Stakes(input);

  // The problem over the customers that have a rep.
  plan::PlanProblem problem;
  for (const plan::Rep& rep : out.reps) problem.reps.push_back({rep.capacity, rep.cost});
  problem.responses = responses;
  problem.budget = settings.budget;
  problem.goal = settings.goal == "target" ? plan::Goal::kTarget
                 : settings.goal == "hurdle" ? plan::Goal::kHurdle
                                             : plan::Goal::kBudget;
  problem.target_gain = settings.target_gain.value_or(0);
  problem.hurdle = settings.hurdle.value_or(0);
  problem.threads = config.threads;
  std::vector<uint32_t> rows_planned;
  for (size_t row = 0; row < rep_of.size(); ++row) {
    if (rep_of[row] == kUnassigned) continue;
    rows_planned.push_back(static_cast<uint32_t>(row));
    problem.customers.push_back({rep_of[row], groups.of[row], limits.min[row], limits.max[row], stake[row]});
  }
  SayIf(input.say, fmt::format("plan: allocating the contacts of {} reps to {} customers", out.reps.size(),
                               rows_planned.size()));
  plan::PlanSolution solution;
  try {
    solution = plan::Optimize(problem);
  } catch (Error& e) {
    // The optimizer names reps by index: say which rep of the table.
    std::string message = e.message();
    for (size_t r = out.reps.size(); r-- > 0;) {
      const std::string index = fmt::format("rep {}:", r);
      if (message.rfind(index, 0) == 0) {
        message = fmt::format("rep {}:{}", out.reps[r].id, message.substr(index.size()));
        throw Error(ErrorKind::kInput, "plan: " + message)
            .At(config.Resolve(settings.reps), static_cast<int64_t>(out.reps[r].line))
            .Hint("raise the rep's capacity, or lower the minimums ([[plan.rules]], plan.limits)");
      }
    }
    throw Error(ErrorKind::kInput, "plan: " + message)
        .At(config.config_path)
        .Hint("raise the budget (plan.budget, --budget), or lower the minimums ([[plan.rules]], plan.limits)");
  }

  // The baselines: the same number of contacts spread evenly, and today's allocation scaled to it.
  const std::vector<uint16_t> even = plan::EvenSpread(problem, solution.total_contacts);
  std::vector<double> current_of_planned;
  std::vector<uint16_t> current;
  if (history.present) {
    for (uint32_t row : rows_planned) current_of_planned.push_back(history.current[row]);
    current = plan::ScaleCurrent(problem, current_of_planned, solution.total_contacts);
  }

  // The rows, with their reasons.
  std::vector<uint8_t> rep_full(out.reps.size(), 0);
  {
    std::vector<uint64_t> used(out.reps.size(), 0);
    for (size_t k = 0; k < rows_planned.size(); ++k) used[problem.customers[k].rep] += solution.contacts[k];
    for (size_t r = 0; r < out.reps.size(); ++r) rep_full[r] = used[r] >= out.reps[r].capacity;
  }
  SayIf(input.say, "plan: the baselines and each customer's reason");
  out.rows.resize(rows_planned.size());
  std::vector<const char*> kind_of(rows_planned.size());
  const size_t chunk = 8192;
  core::ParallelFor((rows_planned.size() + chunk - 1) / chunk, config.threads, [&](size_t part) {
    for (size_t k = part * chunk; k < std::min(rows_planned.size(), (part + 1) * chunk); ++k) {
      const plan::PlanCustomer& c = problem.customers[k];
      const plan::Response& response = responses[c.response];
      PlanRow& row = out.rows[k];
      row.customer = rows_planned[k];
      row.rep = c.rep;
      row.contacts = solution.contacts[k];
      row.even = even[k];
      row.stake = c.stake;
      row.expected_gain = c.stake * response.Lift(row.contacts);
      row.next_gain =
          row.contacts < c.max ? c.stake * (response.Lift(row.contacts + 1) - response.Lift(row.contacts)) : 0;
      row.current = history.present ? history.current[row.customer] : kNaN;
      Reason reason =
          Explain(input, row, c, limits.min_rule[row.customer], out.reps[c.rep], response, solution, rep_full[c.rep]);
      row.reason = std::move(reason.text);
      kind_of[k] = reason.kind;
    }
  });
  std::map<std::string, uint64_t> kinds;
  for (const char* kind : kind_of) ++kinds[kind];

  CheckPlan(problem, solution, out.rows, out.reps);

  // The section of results.json.
  S.period = settings.period.text;
  S.period_days = settings.period.days;
  S.goal = settings.goal;
  S.budget = settings.budget.value_or(kNaN);
  S.target_gain = settings.target_gain.value_or(kNaN);
  S.hurdle = settings.hurdle.value_or(kNaN);
  S.customers = rows_planned.size();
  S.stake_rule = settings.stake == "value+upside"
                     ? "margin x expected spend x expected purchases in the period, plus margin x P(alive) x upside "
                       "(potential - annual revenue) x period / year"
                     : "margin x expected spend x expected purchases in the period (the customer's value in the "
                       "period at today's level of contact)";
  S.plan = Allocation(problem, solution.contacts);
  S.even_spread = Allocation(problem, even);
  S.has_current = history.present;
  if (history.present) {
    S.current = Allocation(problem, current);
    for (double c : current_of_planned) S.contacts_today += c;
  }
  S.upper_bound = solution.upper_bound;
  S.proven_optimal = solution.proven_optimal;
  S.budget_binds = solution.budget_binds;
  S.target_reached = solution.target_reached;
  S.budget_used = solution.budget_used;
  S.reps_at_capacity = solution.reps_at_capacity;
  S.customers_at_min = solution.customers_at_min;
  S.customers_at_max = solution.customers_at_max;
  S.marginal_gain_per_cost = solution.marginal_gain_per_cost;
  for (const plan::CurvePoint& p : solution.curve) S.curve.push_back({p.budget, {p.contacts, p.gain}});
  for (const auto& [kind, count] : kinds) S.reasons.emplace_back(kind, count);
  std::sort(S.reasons.begin(), S.reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  // Per rep.
  S.reps.resize(out.reps.size());
  for (size_t r = 0; r < out.reps.size(); ++r) {
    const plan::Rep& rep = out.reps[r];
    S.reps[r] = {rep.id, rep.name, rep.channel, rep.capacity, 0, 0, 0, rep.cost, 0, history.present ? 0 : kNaN};
  }
  for (const PlanRow& row : out.rows) {
    results::PlanRepRow& r = S.reps[row.rep];
    ++r.customers;
    r.contacts += row.contacts;
    r.even_contacts += row.even;
    r.expected_gain += row.expected_gain;
    if (history.present) r.current_contacts += row.current;
  }

  // Who the plan serves less than today, and more.
  if (history.present) {
    std::vector<size_t> order(out.rows.size());
    std::iota(order.begin(), order.end(), 0);
    auto change = [&](size_t k) { return static_cast<double>(out.rows[k].contacts) - out.rows[k].current; };
    auto listed = [&](size_t k) {
      const PlanRow& row = out.rows[k];
      const AccountLinks& L = *input.accounts;
      return results::PlanCustomerRow{input.in->ids[row.customer],
                                      L.accounts.size() ? L.Field(L.accounts.name, row.customer) : std::string(),
                                      out.reps[row.rep].id,
                                      config.tier_names[input.tiering->tier[row.customer]],
                                      row.reason,
                                      row.current,
                                      row.contacts};
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return change(a) < change(b); });
    for (size_t k = 0; k < order.size() && S.served_less.size() < 20 && change(order[k]) <= -1; ++k) {
      S.served_less.push_back(listed(order[k]));
    }
    for (size_t k = order.size(); k-- > 0 && S.served_more.size() < 20 && change(order[k]) >= 1;) {
      S.served_more.push_back(listed(order[k]));
    }
  }

  PlanNotes(settings, S, out.reps, &out.notes);
  if (!settings.truth.empty()) SayIf(input.say, "plan: the true gains (plan.truth)");
  S.truth = TrueGains(input, out.rows, problem, current, history.present, &out.notes);

  // plan.csv's order: most expected gain first.
  std::stable_sort(out.rows.begin(), out.rows.end(),
                   [](const PlanRow& a, const PlanRow& b) { return a.expected_gain > b.expected_gain; });
  return out;
}

}  // namespace winnow::project
