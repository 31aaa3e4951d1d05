#include "value/referral.h"

#include <boost/math/tools/minima.hpp>
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "io/csv_table.h"

namespace winnow::value {

namespace {

// Negative-binomial log-likelihood of the referral counts for shape k and mean rate m, without
// the terms free of k: sum_i lgamma(k + n_i) - lgamma(k) + k log(k / (k + m e_i)) + n_i log(m e_i / (k + m e_i)).
double NbdLogLikelihood(double k, double m, const std::vector<uint32_t>& n, const std::vector<double>& e) {
  double ll = 0;
  const double lgk = std::lgamma(k);
  for (size_t i = 0; i < n.size(); ++i) {
    const double mu = m * e[i];
    if (!(mu > 0)) continue;
    ll += std::lgamma(k + n[i]) - lgk + k * std::log(k / (k + mu));
    if (n[i] > 0) ll += n[i] * std::log(mu / (k + mu));
  }
  return ll;
}

}  // namespace

ReferralValues ComputeReferralValues(const ReferralInput& input, const std::vector<double>& exposure,
                                     const std::vector<double>& revenue, const std::vector<double>& clv,
                                     const std::vector<double>& p_alive, const ReferralOptions& o) {
  const size_t n = exposure.size();
  ReferralValues v;
  v.referrals.assign(n, 0);
  v.realized.assign(n, 0);
  v.referred.assign(n, 0);
  v.future.assign(n, 0);
  v.total.assign(n, 0);
  v.rate.assign(n, 0);
  v.referral_count = input.referrer.size();
  if (input.referrer.empty()) return v;
  double referred_value = 0;
  for (size_t k = 0; k < input.referrer.size(); ++k) {
    const uint32_t r = input.referrer[k], c = input.referred[k];
    ++v.referrals[r];
    const double realized = o.margin * revenue[c];
    v.realized[r] += realized;
    v.referred[r] += o.incremental_share * clv[c];
    referred_value += realized + clv[c];
  }
  v.typical_referred_value = referred_value / static_cast<double>(input.referrer.size());
  double exposure_total = 0;
  for (double e : exposure) exposure_total += std::max(e, 0.0);
  v.population_rate = exposure_total > 0 ? static_cast<double>(v.referral_count) / exposure_total : 0;
  // Shape k of the Gamma prior by maximum marginal likelihood over log k in [-10, 12].
  const double m = v.population_rate;
  double k = 1e12;
  if (m > 0) {
    const auto best = boost::math::tools::brent_find_minima(
        [&](double log_k) { return -NbdLogLikelihood(std::exp(log_k), m, v.referrals, exposure); }, -10.0, 12.0, 40);
    k = std::exp(best.first);
    if (best.first > 11.5) k = 1e12;
  }
  v.prior_shape = k;
  const double discount = std::pow(1 + o.discount_rate, -o.horizon / 2);
  for (size_t i = 0; i < n; ++i) {
    const double e = std::max(exposure[i], 0.0);
    v.rate[i] = m > 0 ? (k + v.referrals[i]) / (k / m + e) : 0;
    v.future[i] = v.rate[i] * o.horizon * p_alive[i] * v.typical_referred_value * discount;
    v.total[i] = v.referred[i] + v.future[i];
  }
  return v;
}

ReferralLog ReadReferrals(const std::string& path, const std::string& date_format, core::Day observation_end,
                          const std::function<uint32_t(std::string_view id)>& row_of, size_t customers) {
  using core::Error;
  using core::ErrorKind;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  ReferralLog out;
  const std::vector<std::string> columns = {"referrer_id", "referred_id", "date"};
  const io::CsvTable table = io::CsvTable::Read(path, columns, columns);
  table.Require(columns);
  const auto referrer = table.Strings("referrer_id"), referred = table.Strings("referred_id"),
             dates = table.Strings("date");
  const core::DateParser parser = core::DateParser::FromPattern(date_format);
  std::vector<uint64_t> referred_line(customers, 0);
  for (size_t k = 0; k < table.rows(); ++k) {
    const int64_t line = static_cast<int64_t>(table.Line(k));
    core::Day day = 0;
    if (parser.Parse(dates[k], &day) != core::DateStatus::kOk) {
      throw Error(ErrorKind::kInput, fmt::format("cannot parse \"{}\" as a date: {}", core::Printable(dates[k]),
                                                 parser.Explain(dates[k])))
          .At(path, line, static_cast<int64_t>(table.FieldOf("date")))
          .Field("date");
    }
    if (referrer[k] == referred[k]) {
      throw Error(ErrorKind::kInput, fmt::format("customer \"{}\" refers itself", core::Printable(referrer[k])))
          .At(path, line, static_cast<int64_t>(table.FieldOf("referred_id")))
          .Field("referred_id");
    }
    if (day > observation_end) {
      ++out.skipped;
      continue;
    }
    const uint32_t ra = row_of(referrer[k]), rb = row_of(referred[k]);
    if (ra == kNone || rb == kNone) {  // no purchase by the observation end: nothing to credit or score
      ++out.skipped;
      continue;
    }
    if (referred_line[rb] != 0) {
      throw Error(ErrorKind::kInput, fmt::format("customer \"{}\" is referred twice (first on line {})",
                                                 core::Printable(referred[k]), referred_line[rb]))
          .At(path, line, static_cast<int64_t>(table.FieldOf("referred_id")))
          .Field("referred_id");
    }
    referred_line[rb] = static_cast<uint64_t>(line);
    out.referrals.referrer.push_back(ra);
    out.referrals.referred.push_back(rb);
  }
  return out;
}

}  // namespace winnow::value
