#include "project/stages/headline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace winnow::project {

results::AlertRow AlertRowOf(const Computed& c, size_t k, double lookahead_days) {
  const value::CustomerValues& V = c.scores->values;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const AlertList& A = *c.alerts;
  const segment::Alert& a = A.alerts[k];
  const bool lost = a.group == segment::AlertGroup::kLost;
  const size_t i = a.row;
  results::AlertRow row;
  row.rank = lost ? k - A.at_risk + 1 : k + 1;
  row.customer_id = c.ingested->ids[i];
  row.name = L.Field(accounts.name, i);
  row.type = L.Field(accounts.type, i);
  row.region = L.Field(accounts.region, i);
  row.owner = L.Field(accounts.owner, i);
  row.tier = c.TierName(i);
  row.group = segment::GroupName(a.group);
  row.is_new = A.is_new[k] ? "new" : "";
  row.reason = a.Reason();
  row.trend = A.Trend(i);
  row.p_alive = V.p_alive[i];
  row.days_since_last = A.days_since[i];
  row.expected_gap_days = A.gap_days[i];
  row.overdue_ratio = a.overdue_ratio;
  row.order_size_change = A.gaps.order_size_change[i];
  row.gap_change = A.gaps.gap_change[i];
  row.contact_by = std::isnan(A.contact_by[k])
                       ? ""
                       : core::FormatDay(c.ingested->period.observation_end + static_cast<core::Day>(A.contact_by[k]));
  row.expected_purchases_next = V.expected_next[i];
  row.lookahead_days = lookahead_days;
  row.clv = V.clv[i];
  row.value = c.referrals->value[i];
  row.value_at_risk = a.value_at_risk;
  row.win_back_value = lost ? a.win_back_value : std::numeric_limits<double>::quiet_NaN();
  row.upside = L.upside[i];
  return row;
}

HeadlineLists MakeHeadline(const HeadlineInput& input) {
  const Computed& c = input.computed;
  const value::CustomerValues& V = c.scores->values;
  const value::ReferralValues& RV = c.referrals->values;
  const std::vector<double>& value = c.referrals->value;
  const Tiering& T = *c.tiering;
  const AccountLinks& L = *c.accounts;
  const AlertList& A = *c.alerts;
  const value::AccountTable& accounts = L.accounts;
  const std::vector<std::string>& ids = c.ingested->ids;
  const size_t n = ids.size();
  HeadlineLists out;
  results::Headline& H = out.headline;
  H.customers = n;
  H.rank_by = input.rank_by;
  for (size_t i = 0; i < n; ++i) {
    H.customer_value += V.clv[i];
    H.referral_value += RV.total[i];
    H.value += value[i];
    H.key_accounts += T.key(i);
  }
  H.top20_share = segment::TopShare(value, T.ranked, 0.2);
  H.gini = segment::Gini(value, T.ranked);
  H.first_tier = c.tier_names.front();
  H.first_tier_customers = input.tiers.front().customers;
  H.alerts = A.at_risk;
  H.value_at_risk = A.value_at_risk;
  H.lost = A.lost;
  H.win_back_value = A.win_back_value;
  H.new_alerts = A.new_alerts;
  H.previous_run = A.previous_run;

  auto top_row = [&](size_t i) {
    return results::TopRow{ids[i],          L.Field(accounts.name, i),  L.Field(accounts.type, i),
                           L.Field(accounts.region, i), L.Field(accounts.owner, i), c.TierName(i),
                           value[i],        V.clv[i],                   RV.total[i],
                           V.p_alive[i],    V.annual_revenue[i],        L.upside[i],
                           std::string(T.KeyReason(i))};
  };
  for (size_t k = 0; k < std::min(input.top_customers, n); ++k) out.top_customers.push_back(top_row(T.ranked[k]));
  for (size_t k = 0; k < n && out.key_accounts.size() < input.key_accounts; ++k) {
    if (T.key(T.ranked[k])) out.key_accounts.push_back(top_row(T.ranked[k]));
  }
  for (size_t k = 0; k < A.alerts.size(); ++k) {
    const bool lost = A.alerts[k].group == segment::AlertGroup::kLost;
    const size_t rank = lost ? k - A.at_risk + 1 : k + 1;
    if (rank <= (lost ? input.top_lost : input.top_alerts)) {
      out.top_alerts.push_back(AlertRowOf(c, k, input.lookahead_days));
    }
  }
  const ReferenceList& refs = *c.references;
  for (const auto& rc : refs.customers) {
    const size_t i = rc.row;
    results::ReferenceRow row;
    row.segment = rc.segment;
    row.customer_id = ids[i];
    row.name = L.Field(accounts.name, i);
    row.type = L.Field(accounts.type, i);
    row.region = L.Field(accounts.region, i);
    row.owner = L.Field(accounts.owner, i);
    row.tier = c.TierName(i);
    row.rank = rc.rank;
    row.p_alive = V.p_alive[i];
    row.tenure_days = refs.tenure_days[i];
    row.purchases = refs.gaps->occasions[i];
    row.gap_cv = refs.gaps->gap_cv[i];
    row.revenue_per_year = rc.revenue_per_year;
    row.segment_median_revenue_per_year = rc.segment_median_revenue_per_year;
    row.distance = rc.distance;
    row.segment_customers = rc.segment_customers;
    row.segment_loyal = rc.segment_loyal;
    out.reference_customers.push_back(std::move(row));
  }
  return out;
}

}  // namespace winnow::project
