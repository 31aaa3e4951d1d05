#include "project/stages/alerts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_set>

#include "core/error.h"
#include "io/csv_table.h"
#include "project/stages/stage.h"

namespace winnow::project {

namespace {

// The previous run's alerts, as "group customer_id" keys (a file written before the groups is read
// as all at_risk). Returns false when there is no previous alerts.csv; an unreadable one is a note.
bool ReadPreviousAlerts(const std::string& path, std::unordered_set<std::string>* keys,
                        std::vector<std::string>* notes) {
  if (path.empty() || !std::filesystem::exists(path)) return false;
  try {
    const io::CsvTable table = io::CsvTable::Read(path, {"customer_id", "group"}, {"customer_id", "group"});
    table.Require({"customer_id"});
    const std::vector<std::string> ids = table.Strings("customer_id");
    const std::vector<std::string> groups =
        table.Has("group") ? table.Strings("group") : std::vector<std::string>(ids.size(), "at_risk");
    for (size_t k = 0; k < ids.size(); ++k) keys->insert(groups[k] + " " + ids[k]);
    return true;
  } catch (const core::Error& e) {
    notes->push_back(fmt::format("the previous run's alerts could not be read, so every alert counts as new: {}",
                                 e.what()));
    return false;
  }
}

}  // namespace

const segment::Alert* AlertList::Of(size_t row) const {
  return alert_index[row] == kNoRow ? nullptr : &alerts[alert_index[row]];
}

AlertList FindAlerts(const AlertsInput& input) {
  const Ingested& in = *input.ingested;
  const summary::CustomerSummary& S = in.summary;
  const value::CustomerValues& V = *input.values;
  const size_t n = S.size();
  const core::Day observation_end = in.period.observation_end;
  AlertList out;
  out.days_since.resize(n);
  out.gap_days.resize(n);
  out.win_back.resize(n);
  out.gaps = segment::ComputeGapStats(n, *input.customer_of_log_row, in.log.day, in.log.amount);
  const double horizon_years = input.horizon_days / 365.25;
  for (size_t i = 0; i < n; ++i) {
    out.days_since[i] = observation_end - S.last_day[i];
    out.gap_days[i] = V.expected_gap[i] * in.period.unit_days;
    // The active span: first to last purchase plus one mean gap, at least a year.
    const double mean_gap = out.gaps.mean_gap[i];
    const double span = std::max(365.25, (S.last_day[i] - S.first_day[i]) + mean_gap);
    out.win_back[i] =
        segment::WinBackValue(S.total_revenue[i], span, input.margin, horizon_years, input.annual_discount_rate);
  }
  segment::AlertOptions ao;
  ao.p_alive_below = input.p_alive_below;
  ao.lost_below = input.lost_below;
  ao.overdue_factor = input.overdue_factor;
  for (const auto& t : input.alert_tiers) {
    ao.tiers.push_back(static_cast<uint8_t>(std::find(input.tier_names.begin(), input.tier_names.end(), t) -
                                            input.tier_names.begin()));
  }
  // Lost customers alert when winning them back would put them in an alerting tier: at least the
  // smallest value of those tiers' customers.
  std::vector<bool> alerting(256, false);
  for (uint8_t t : ao.tiers) alerting[t] = true;
  ao.win_back_min = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < n; ++i) {
    if (alerting[(*input.tier)[i]]) ao.win_back_min = std::min(ao.win_back_min, (*input.value)[i]);
  }
  out.alerts = segment::FindAlerts(
      {&V.p_alive, &out.days_since, &out.gap_days, &V.clv, input.tier, &out.win_back, input.lost_upside}, ao);
  out.alert_index.assign(n, kNoRow);
  for (size_t k = 0; k < out.alerts.size(); ++k) out.alert_index[out.alerts[k].row] = static_cast<uint32_t>(k);

  // The day to act by: when P(alive) would fall below lost_below without a purchase.
  const double unit_days = in.period.unit_days;
  out.contact_by.assign(out.alerts.size(), std::numeric_limits<double>::quiet_NaN());
  for (size_t k = 0; k < out.alerts.size(); ++k) {
    const segment::Alert& a = out.alerts[k];
    if (a.group != segment::AlertGroup::kAtRisk) continue;
    const size_t i = a.row;
    if (input.predictor == nullptr) continue;  // no model: no date
    const double x = S.frequency[i], t_x = S.recency(i), T = S.age(i);
    out.contact_by[k] = segment::DaysUntilLost(
        [&](double days) { return input.predictor->ProbabilityAlive(x, t_x, T + days / unit_days); },
        input.lost_below, input.lookahead_days);
  }

  // New since the previous run.
  std::unordered_set<std::string> previous;
  out.previous_run = ReadPreviousAlerts(input.previous_alerts, &previous, &out.notes);
  out.is_new.assign(out.alerts.size(), 1);
  for (size_t k = 0; k < out.alerts.size(); ++k) {
    const segment::Alert& a = out.alerts[k];
    if (out.previous_run) {
      out.is_new[k] = previous.count(std::string(segment::GroupName(a.group)) + " " + in.ids[a.row]) == 0;
    }
    out.new_alerts += out.is_new[k];
    if (a.group == segment::AlertGroup::kAtRisk) {
      ++out.at_risk;
      out.value_at_risk += a.value_at_risk;
    } else {
      ++out.lost;
      out.win_back_value += a.win_back_value;
    }
  }
  return out;
}

}  // namespace winnow::project
