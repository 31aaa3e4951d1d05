#include "simulate/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>

#include "core/error.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "io/output_file.h"
#include "io/transaction_reader.h"
#include "summary/summary_writer.h"

namespace winnow::simulate {

using core::Day;
using core::Error;
using core::ErrorKind;

namespace {

using core::SplitMix64;

constexpr uint64_t kBlock = 4096;  // customers per seeded engine

void CheckPositive(double value, const char* name) {
  if (!(value > 0) || !std::isfinite(value)) {
    throw Error(ErrorKind::kUsage, fmt::format("parameter {}={}: must be a finite number > 0", name, value));
  }
}

struct Rows {
  std::vector<uint32_t> customer;
  std::vector<Day> day;
  std::vector<double> amount;
};

}  // namespace

core::Day FirstSimulatedDay() { return core::DaysFromCivil(kFirstSimulatedYear, 1, 1); }
core::Day LastSimulatedDay() { return core::DaysFromCivil(kLastSimulatedYear, 12, 31); }

namespace {

void CheckCustomers(uint64_t customers) {
  if (customers == 0 || customers > kMaxSimulatedCustomers) {
    throw Error(ErrorKind::kUsage, fmt::format("--customers={}: must be from 1 to {} (customers)", customers,
                                               kMaxSimulatedCustomers));
  }
}

void CheckPeriods(uint64_t customers, uint32_t periods) {
  CheckCustomers(customers);
  if (periods == 0 || periods > kMaxSimulatedPeriods) {
    throw Error(ErrorKind::kUsage, fmt::format("--periods={}: must be from 1 to {} (periods)", periods, kMaxSimulatedPeriods));
  }
  if (static_cast<double>(customers) * periods > kMaxSimulatedCustomerPeriods) {
    throw Error(ErrorKind::kUsage, fmt::format("--customers={} x --periods={}: must be at most {} customer-periods",
                                               customers, periods, kMaxSimulatedCustomerPeriods))
        .Hint("simulate fewer customers or fewer periods");
  }
}

Error TooManyRows(const SimulateOptions& o) {
  return Error(ErrorKind::kUsage, fmt::format("the simulated log would have more than {} rows (the limit of one log)",
                                              std::min(o.max_rows, kMaxSimulatedRows)))
      .Hint(fmt::format("lower --customers ({}), --observation-length ({}) or the purchase rate r/alpha of --params",
                        o.customers, o.observation_length));
}

// A simulated amount beyond what the reader accepts (io::kMaxAmount), or not finite.
Error AmountTooLarge(const GammaGammaParams& spend, double amount) {
  return Error(ErrorKind::kUsage,
               fmt::format("--spend-params p={},q={},gamma={}: a simulated amount of {:.6g} is beyond the {:.0e} that "
                           "winnow reads",
                           spend.p, spend.q, spend.gamma, amount, io::kMaxAmount))
      .Hint("the mean amount is about p * gamma / (q - 1): lower p or gamma, or raise q");
}

}  // namespace

std::string CustomerId(const SimulateOptions& options, uint64_t k) {
  const int width = static_cast<int>(std::to_string(options.customers).size());
  return fmt::format("{}{:0{}}", options.id_prefix, k + 1, width);
}

namespace {

// The parameters and the periods of a simulation; throws core::Error(kUsage) naming the wrong one.
void CheckSimulateOptions(const SimulateOptions& o) {
  if (o.story == PurchaseStory::kParetoNbd) {
    CheckPositive(o.pareto.r, "r");
    CheckPositive(o.pareto.alpha, "alpha");
    CheckPositive(o.pareto.s, "s");
    CheckPositive(o.pareto.beta, "beta");
  } else {
    CheckPositive(o.purchase.r, "r");
    CheckPositive(o.purchase.alpha, "alpha");
    CheckPositive(o.purchase.a, "a");
    CheckPositive(o.purchase.b, "b");
  }
  if (o.spend) {
    CheckPositive(o.spend->p, "p");
    CheckPositive(o.spend->q, "q");
    CheckPositive(o.spend->gamma, "gamma");
  }
  CheckCustomers(o.customers);
  const double unit_days = summary::UnitDays(o.unit);
  if (o.start < FirstSimulatedDay() || o.start > LastSimulatedDay()) {
    throw Error(ErrorKind::kUsage, fmt::format("--start={}: must be from {} to {}", core::FormatDay(o.start),
                                               core::FormatDay(FirstSimulatedDay()), core::FormatDay(LastSimulatedDay())));
  }
  const double max_length = static_cast<double>(LastSimulatedDay() - o.start + 1) / unit_days;
  if (!(o.cohort_length >= 0) || !(o.observation_length > 0) || o.cohort_length > o.observation_length ||
      !(o.observation_length <= max_length)) {
    throw Error(ErrorKind::kUsage, fmt::format("the cohort window ({}) must be >= 0 and no longer than the observation "
                                               "length ({}), which must be > 0 and end by {}",
                                               o.cohort_length, o.observation_length, core::FormatDay(LastSimulatedDay())));
  }
}

// The rows of the blocks in one log, by customer or by day (a stable counting sort: rows of one
// day keep customer order); the blocks' memory is released on the way.
void AssembleRows(std::vector<Rows>& parts, const SimulateOptions& o, SimulatedLog* log) {
  SimulatedLog& out = *log;
  size_t total = 0;
  for (const auto& part : parts) total += part.customer.size();
  out.customer.resize(total);
  out.day.resize(total);
  if (o.spend) out.amount.resize(total);
  if (o.order == RowOrder::kCustomer) {
    size_t at = 0;
    for (auto& part : parts) {
      std::copy(part.customer.begin(), part.customer.end(), out.customer.begin() + static_cast<ptrdiff_t>(at));
      std::copy(part.day.begin(), part.day.end(), out.day.begin() + static_cast<ptrdiff_t>(at));
      if (o.spend) std::copy(part.amount.begin(), part.amount.end(), out.amount.begin() + static_cast<ptrdiff_t>(at));
      at += part.customer.size();
      Rows().customer.swap(part.customer);
    }
    return;
  }
  // Stable counting sort by day: rows of one day keep customer order.
  const Day span = out.end - o.start + 1;
  std::vector<uint64_t> start(static_cast<size_t>(span) + 1, 0);
  for (const auto& part : parts) {
    for (Day d : part.day) ++start[static_cast<size_t>(d - o.start) + 1];
  }
  for (size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  for (auto& part : parts) {
    for (size_t i = 0; i < part.day.size(); ++i) {
      const uint64_t to = start[static_cast<size_t>(part.day[i] - o.start)]++;
      out.customer[to] = part.customer[i];
      out.day[to] = part.day[i];
      if (o.spend) out.amount[to] = part.amount[i];
    }
    Rows().customer.swap(part.customer);
    std::vector<Day>().swap(part.day);
    std::vector<double>().swap(part.amount);
  }
}

}  // namespace

SimulatedLog SimulateBgNbd(const SimulateOptions& o) {
  CheckSimulateOptions(o);
  const double unit_days = summary::UnitDays(o.unit);
  const double length = o.observation_length;
  SimulatedLog out;
  out.customers = o.customers;
  // The log covers whole days: [start, start + floor(length in days)).
  const double window_days = std::floor(length * unit_days);
  if (window_days < 1) throw Error(ErrorKind::kUsage, "the observation length must cover at least one day");
  out.end = o.start + static_cast<Day>(window_days) - 1;
  const double cohort = std::min(o.cohort_length, (window_days - 0.5) / unit_days);

  const uint64_t blocks = (o.customers + kBlock - 1) / kBlock;
  std::vector<Rows> parts(blocks);
  std::atomic<uint64_t> rows_drawn{0};  // of customers finished, all blocks
  const uint64_t max_rows = std::min(o.max_rows, kMaxSimulatedRows);
  core::ParallelFor(blocks, o.threads, [&](size_t block) {
    std::mt19937_64 engine(SplitMix64(o.seed ^ SplitMix64(block)));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const bool pareto = o.story == PurchaseStory::kParetoNbd;
    std::gamma_distribution<double> lambda_dist(pareto ? o.pareto.r : o.purchase.r,
                                                1.0 / (pareto ? o.pareto.alpha : o.purchase.alpha));
    std::gamma_distribution<double> beta_a(pareto ? 1.0 : o.purchase.a, 1.0);
    std::gamma_distribution<double> beta_b(pareto ? 1.0 : o.purchase.b, 1.0);
    std::gamma_distribution<double> mu_dist(pareto ? o.pareto.s : 1.0, pareto ? 1.0 / o.pareto.beta : 1.0);
    const bool dropout_at_first = o.story == PurchaseStory::kMbgNbd;
    std::gamma_distribution<double> nu_dist(o.spend ? o.spend->q : 1.0, o.spend ? 1.0 / o.spend->gamma : 1.0);
    Rows& rows = parts[block];
    const uint64_t first = block * kBlock;
    const uint64_t last = std::min<uint64_t>(o.customers, first + kBlock);
    for (uint64_t k = first; k < last; ++k) {
      const size_t customer_start = rows.customer.size();
      const uint64_t drawn_before = rows_drawn.load(std::memory_order_relaxed);
      const double lambda = lambda_dist(engine);
      double p = 0, death = std::numeric_limits<double>::infinity();
      if (pareto) {
        death = -std::log1p(-uniform(engine)) / mu_dist(engine);  // lifetime from the first purchase
      } else {
        const double ga = beta_a(engine), gb = beta_b(engine);
        p = ga / (ga + gb);
      }
      double nu = 0;
      if (o.spend) nu = nu_dist(engine);
      std::gamma_distribution<double> amount_dist(o.spend ? o.spend->p : 1.0, o.spend ? 1.0 / nu : 1.0);
      double t = uniform(engine) * cohort;
      const double end_of_life = t + death;
      // The first purchase, then repeat purchases at rate lambda; after each repeat purchase the
      // customer drops out with probability p (in BG/NBD a customer cannot drop out at the first
      // purchase; that is MBG/NBD).
      for (bool trial = true;; trial = false) {
        rows.customer.push_back(static_cast<uint32_t>(k));
        rows.day.push_back(o.start + static_cast<Day>(std::floor(t * unit_days)));
        if (o.spend) {
          const double amount = std::round(amount_dist(engine) * 100.0) / 100.0;
          if (!(amount <= io::kMaxAmount)) throw AmountTooLarge(*o.spend, amount);
          rows.amount.push_back(amount);
        }
        if (!pareto && (!trial || dropout_at_first) && uniform(engine) < p) break;
        if (!(lambda > 0)) break;
        t += -std::log1p(-uniform(engine)) / lambda;
        if (t * unit_days >= window_days || t > end_of_life) break;
        if (drawn_before + (rows.customer.size() - customer_start) > max_rows) throw TooManyRows(o);
      }
      if (rows_drawn.fetch_add(rows.customer.size() - customer_start) + (rows.customer.size() - customer_start) >
          max_rows) {
        throw TooManyRows(o);
      }
    }
  });

  AssembleRows(parts, o, &out);
  return out;
}

void WriteSimulatedCsv(const SimulatedLog& log, const SimulateOptions& options, const std::string& path) {
  io::OutputFile file(path);
  const bool money = !log.amount.empty();
  file.Write(money ? "customer_id,date,amount\n" : "customer_id,date\n");
  const size_t n = log.customer.size();
  const int width = static_cast<int>(std::to_string(options.customers).size());
  io::WriteRowsInParallel(file, n, options.threads, [&](size_t i, std::string& out) {
    char date[10];
    fmt::format_to(std::back_inserter(out), "{}{:0{}},", options.id_prefix, log.customer[i] + 1, width);
    core::FormatDayTo(log.day[i], date);
    out.append(date, 10);
    if (money) fmt::format_to(std::back_inserter(out), ",{:.2f}", log.amount[i]);
    out.push_back('\n');
  });
  file.Commit();
}

namespace {

double BetaDraw(std::mt19937_64& engine, double a, double b) {
  std::gamma_distribution<double> ga(a, 1.0), gb(b, 1.0);
  const double g1 = ga(engine), g2 = gb(engine);
  return g1 / (g1 + g2);
}

}  // namespace

DiscreteSummary SimulateBgBb(double alpha, double beta, double gamma, double delta, uint64_t customers, uint32_t periods,
                             uint64_t seed) {
  for (const auto& [value, name] : {std::pair{alpha, "alpha"}, {beta, "beta"}, {gamma, "gamma"}, {delta, "delta"}}) {
    CheckPositive(value, name);
  }
  CheckPeriods(customers, periods);
  DiscreteSummary out;
  std::mt19937_64 engine(SplitMix64(seed));
  std::uniform_real_distribution<double> unit(0, 1);
  for (uint64_t k = 0; k < customers; ++k) {
    const double p = BetaDraw(engine, alpha, beta), theta = BetaDraw(engine, gamma, delta);
    uint32_t x = 0, t_x = 0;
    for (uint32_t t = 1; t <= periods; ++t) {
      if (unit(engine) < theta) break;
      if (unit(engine) < p) {
        ++x;
        t_x = t;
      }
    }
    out.frequency.push_back(x);
    out.recency.push_back(t_x);
    out.periods.push_back(periods);
  }
  return out;
}

ContractSummary SimulateSbg(double alpha, double beta, uint64_t customers, uint32_t periods, uint64_t seed) {
  CheckPositive(alpha, "alpha");
  CheckPositive(beta, "beta");
  CheckPeriods(customers, periods);
  ContractSummary out;
  std::mt19937_64 engine(SplitMix64(seed));
  std::uniform_real_distribution<double> unit(0, 1);
  for (uint64_t k = 0; k < customers; ++k) {
    const double theta = BetaDraw(engine, alpha, beta);
    uint32_t t = 1;
    while (t <= periods && unit(engine) >= theta) ++t;
    out.duration.push_back(std::min(t, periods));
    out.churned.push_back(t <= periods ? 1 : 0);
  }
  return out;
}

}  // namespace winnow::simulate
