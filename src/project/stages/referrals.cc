#include "project/stages/referrals.h"

#include <fmt/format.h>

namespace winnow::project {

Referrals ComputeReferrals(const ReferralsInput& input) {
  const Ingested& in = *input.ingested;
  const summary::CustomerSummary& S = in.summary;
  const value::CustomerValues& V = *input.values;
  const size_t n = S.size();
  Referrals out;
  std::vector<double> exposure(n), revenue(n);
  for (size_t i = 0; i < n; ++i) {
    exposure[i] = (in.period.observation_end - S.first_day[i]) / in.period.unit_days;
    revenue[i] = S.total_revenue[i];
  }
  out.section.incremental_share = input.incremental_share;
  value::ReferralInput referrals;
  if (!input.path.empty()) {
    value::ReferralLog log = value::ReadReferrals(
        input.path, input.date_format, in.period.observation_end, [&](std::string_view id) { return in.RowOf(id); }, n);
    referrals = std::move(log.referrals);
    out.section.skipped = log.skipped;
    if (log.skipped > 0) {
      out.notes.push_back(fmt::format("{} referrals left out: dated after the observation end, or the referrer or the "
                                      "referred customer has no purchase by then",
                                      log.skipped));
    }
  }
  value::ReferralOptions ro;
  ro.incremental_share = input.incremental_share;
  ro.margin = input.margin;
  ro.horizon = input.horizon;
  ro.discount_rate = input.discount_rate;
  out.values = value::ComputeReferralValues(referrals, exposure, revenue, V.clv, V.p_alive, ro);
  out.section.referrals = out.values.referral_count;
  out.section.population_rate = out.values.population_rate;
  out.section.prior_shape = out.values.prior_shape;
  out.section.typical_referred_value = out.values.typical_referred_value;
  out.value = V.clv;
  if (input.rank_with_referrals) {
    for (size_t i = 0; i < n; ++i) out.value[i] += out.values.total[i];
  }
  return out;
}

}  // namespace winnow::project
