#include "project/stages/accounts.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace winnow::project {

AccountLinks LinkAccounts(const AccountsInput& input) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Ingested& in = *input.ingested;
  const size_t n = in.customers();
  AccountLinks out;
  out.account_of.assign(n, kNoRow);
  out.potential.assign(n, kNaN);
  out.upside.assign(n, kNaN);
  out.share_of_wallet.assign(n, kNaN);
  if (input.customers_path.empty() && input.parent_column.empty()) return out;
  value::AccountTable& accounts = out.accounts;
  if (!input.customers_path.empty()) {
    accounts = value::ReadAccountTable(input.customers_path, input.decimal_comma, input.parent_column);
    value::CheckSharedIds(accounts, in.ids, fmt::format("the log ({})", fmt::join(in.paths, ", ")));
  }
  if (!input.parent_column.empty()) {
    for (auto& note : value::AddParentLevelFrom(in.log, in.ids, input.parent_column, &accounts)) {
      out.notes.push_back(note);
    }
  }
  out.tree = value::BuildAccountTree(accounts);
  for (size_t a = 0; a < accounts.size(); ++a) {
    const uint32_t row = in.RowOf(accounts.id[a]);
    if (row == kNoRow) {
      if (out.tree.children[a] == 0 && std::isfinite(accounts.potential[a])) ++out.prospects;
      continue;
    }
    out.account_of[row] = static_cast<uint32_t>(a);
    out.potential[row] = accounts.potential[a];
  }
  out.account_count = accounts.size();
  for (uint32_t c : out.tree.children) out.parent_accounts += c > 0;
  const std::vector<double>& annual_revenue = *input.annual_revenue;
  for (size_t i = 0; i < n; ++i) {
    if (out.account_of[i] == kNoRow) ++out.unlisted_customers;
    if (std::isfinite(out.potential[i])) {
      out.upside[i] = out.potential[i] - annual_revenue[i];
      out.share_of_wallet[i] = out.potential[i] > 0 ? annual_revenue[i] / out.potential[i] : kNaN;
    }
  }
  if (out.unlisted_customers > 0 && !input.customers_path.empty()) {
    out.notes.push_back(fmt::format("{} customers of the log are not in {}: they have no type, region, owner or parent",
                                    out.unlisted_customers, input.customers_name));
  }
  return out;
}

}  // namespace winnow::project
