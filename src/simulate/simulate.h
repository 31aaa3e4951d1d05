// Synthetic transaction logs drawn from the generative stories of the customer-base models, for
// tests (recovering known parameters), benchmarks and demos. Deterministic for a seed, whatever
// the number of threads: customers are drawn in fixed blocks, each with its own seeded engine.
//
// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way", section 2):
//   while active, a customer buys at Poisson rate lambda ~ Gamma(shape r, rate alpha);
//   after every repeat purchase it drops out with probability p ~ Beta(a, b) (not after the
//   first purchase: dropping out at time 0 is the MBG/NBD variant). Customers are acquired uniformly over the cohort window and make their first
//   purchase then.
// Gamma-Gamma spend (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999):
//   each transaction's amount z ~ Gamma(shape p, rate nu), nu ~ Gamma(shape q, rate gamma)
//   per customer, so the customer's mean spend is p / nu. Amounts are rounded to cents.
// Times are drawn in the chosen time unit and cut to days; purchases of one customer that fall
// on one day become one occasion when the log is summarized.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "summary/summary.h"

namespace winnow::simulate {

// Limits of what one call draws (README "Simulation"), so that no option makes it run for hours or
// run out of memory: customers per log or summary, rows of a log (about 32 bytes of memory each),
// opportunities or contract periods per customer and customers x periods of a summary, and the
// dates of a log, which stay where winnow's readers accept them.
inline constexpr uint64_t kMaxSimulatedCustomers = 100'000'000;
inline constexpr uint64_t kMaxSimulatedRows = 50'000'000;
inline constexpr uint32_t kMaxSimulatedPeriods = 10'000;
inline constexpr double kMaxSimulatedCustomerPeriods = 1e9;
inline constexpr int kFirstSimulatedYear = core::kMinYear;  // a log starts on 1900-01-01 or later
inline constexpr int kLastSimulatedYear = core::kMaxYear;   // and ends on 2199-12-31 or earlier
core::Day FirstSimulatedDay();
core::Day LastSimulatedDay();

struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};
struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
};
struct ParetoNbdParams {
  double r = 0, alpha = 0, s = 0, beta = 0;
};

// The purchase story drawn: BG/NBD, MBG/NBD (dropout possible right after the first purchase too;
// Batislam, Denizel & Filiztekin 2007) or Pareto/NBD (an exponential lifetime with rate
// mu ~ Gamma(s, beta); Schmittlein, Morrison & Colombo 1987).
enum class PurchaseStory { kBgNbd, kMbgNbd, kParetoNbd };

enum class RowOrder { kDate, kCustomer };

struct SimulateOptions {
  PurchaseStory story = PurchaseStory::kBgNbd;
  BgNbdParams purchase;     // BG/NBD and MBG/NBD
  ParetoNbdParams pareto;   // Pareto/NBD
  std::optional<GammaGammaParams> spend;  // without it the log has no amount column
  uint64_t customers = 1000;
  uint64_t seed = 1;
  summary::TimeUnit unit = summary::TimeUnit::kWeek;
  core::Day start = 0;               // first day of the cohort window
  double cohort_length = 12;         // acquisition window, in time units
  double observation_length = 78;    // from start to the end of the log, in time units
  RowOrder order = RowOrder::kDate;  // rows sorted by date (like an export) or by customer
  std::string id_prefix = "C";
  size_t threads = 0;
  uint64_t max_rows = kMaxSimulatedRows;  // more rows are an error (at most kMaxSimulatedRows)
};

struct SimulatedLog {
  std::vector<uint32_t> customer;
  std::vector<core::Day> day;
  std::vector<double> amount;
  uint64_t customers = 0;
  core::Day end = 0;  // last day of the observation window
};

// Draws the log of options.story. Throws core::Error(kUsage) for parameters outside their domain,
// options beyond the limits above, and when the log would have more than kMaxSimulatedRows rows.
SimulatedLog SimulateBgNbd(const SimulateOptions& options);

// Summaries of the discrete and contractual models, drawn directly (one row per customer).
struct DiscreteSummary {
  std::vector<uint32_t> frequency, recency, periods;  // BG/BB: x, t_x, n
};
// BG/BB (Fader, Hardie & Shang 2010): p ~ Beta(alpha, beta) per customer transacts at each of n
// opportunities; at the start of each the customer drops out with probability theta ~
// Beta(gamma, delta).
DiscreteSummary SimulateBgBb(double alpha, double beta, double gamma, double delta, uint64_t customers, uint32_t periods,
                             uint64_t seed);
struct ContractSummary {
  std::vector<uint32_t> duration;  // periods survived (the period of the churn, or `periods` if active)
  std::vector<uint8_t> churned;
};
// Shifted-beta-geometric (Fader & Hardie 2007): each period a customer churns with probability
// theta ~ Beta(alpha, beta); observed for `periods` periods.
ContractSummary SimulateSbg(double alpha, double beta, uint64_t customers, uint32_t periods, uint64_t seed);

// The id of customer k (0-based): prefix + zero-padded k + 1.
std::string CustomerId(const SimulateOptions& options, uint64_t k);

// CSV customer_id,date[,amount], written atomically.
void WriteSimulatedCsv(const SimulatedLog& log, const SimulateOptions& options, const std::string& path);

}  // namespace winnow::simulate
