#include "project/stages/headline.h"

#include <algorithm>

namespace winnow::project {

HeadlineLists MakeHeadline(const HeadlineInput& input) {
  const Computed& c = input.computed;
  const value::CustomerValues& V = c.scores->values;
  const value::ReferralValues& RV = c.referrals->values;
  const std::vector<double>& total = c.referrals->total;
  const Tiering& T = *c.tiering;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const std::vector<std::string>& ids = c.ingested->ids;
  const size_t n = ids.size();
  HeadlineLists out;
  results::Headline& H = out.headline;
  H.customers = n;
  for (size_t i = 0; i < n; ++i) {
    H.total_value += total[i];
    H.total_clv += V.clv[i];
    H.total_referral_value += RV.total[i];
    H.key_accounts += T.key(i);
  }
  H.top20_share = segment::TopShare(total, T.ranked, 0.2);
  H.gini = segment::Gini(total, T.ranked);
  H.first_tier = c.tier_names.front();
  H.first_tier_customers = input.tiers.front().customers;
  const std::vector<segment::Alert>& alerts = c.alerts->alerts;
  H.alerts = alerts.size();
  for (const auto& a : alerts) H.value_at_risk += a.value_at_risk;

  for (size_t k = 0; k < std::min(input.top_customers, n); ++k) {
    const size_t i = T.ranked[k];
    out.top_customers.push_back({ids[i], L.Field(accounts.name, i), L.Field(accounts.type, i),
                                 L.Field(accounts.region, i), L.Field(accounts.owner, i), c.TierName(i), total[i],
                                 V.clv[i], RV.total[i], V.p_alive[i], V.annual_revenue[i], L.upside[i], T.key(i)});
  }
  for (size_t k = 0; k < std::min(alerts.size(), input.top_alerts); ++k) {
    const auto& a = alerts[k];
    const size_t i = a.row;
    out.top_alerts.push_back({ids[i], L.Field(accounts.name, i), L.Field(accounts.type, i),
                              L.Field(accounts.region, i), L.Field(accounts.owner, i), c.TierName(i), a.Reason(),
                              V.p_alive[i], c.alerts->days_since[i], c.alerts->gap_days[i], a.overdue_ratio,
                              V.expected_next[i], V.clv[i], total[i], a.value_at_risk});
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
    row.purchases = refs.gaps.occasions[i];
    row.gap_cv = refs.gaps.gap_cv[i];
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
