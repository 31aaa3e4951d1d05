#include "project/stages/reference.h"

#include <algorithm>

namespace winnow::project {

ReferenceList FindReferences(const ReferenceStageInput& input) {
  const Ingested& in = *input.ingested;
  const summary::CustomerSummary& S = in.summary;
  const AccountLinks& links = *input.accounts;
  const value::AccountTable& accounts = links.accounts;
  const std::vector<uint8_t>& tier = *input.tier;
  const size_t n = S.size();
  ReferenceList out;
  std::vector<std::string> segment_label(n);
  std::vector<std::string> segment_by = input.segment_by;
  const bool needs_table =
      std::any_of(segment_by.begin(), segment_by.end(), [](const std::string& f) { return f != "tier"; });
  if (needs_table && !input.has_customers_table) {
    segment_by = {"tier"};
    out.notes.push_back("reference customers are segmented by tier: there is no customers table for type, region or owner");
  }
  for (size_t i = 0; i < n; ++i) {
    std::string label;
    for (const auto& f : segment_by) {
      if (!label.empty()) label += " / ";
      if (f == "tier") {
        label += input.tier_names[tier[i]];
      } else {
        const std::string& v = f == "type"     ? links.Field(accounts.type, i)
                               : f == "region" ? links.Field(accounts.region, i)
                                               : links.Field(accounts.owner, i);
        label += v.empty() ? "(none)" : v;
      }
    }
    segment_label[i] = std::move(label);
  }
  out.gaps = input.gaps;
  out.tenure_days.resize(n);
  for (size_t i = 0; i < n; ++i) out.tenure_days[i] = in.period.observation_end - S.first_day[i];
  const std::vector<double>& revenue = S.total_revenue;
  out.customers = segment::FindReferenceCustomers({&segment_label, input.p_alive, &out.tenure_days, &revenue, out.gaps},
                                                  input.options);
  return out;
}

}  // namespace winnow::project
