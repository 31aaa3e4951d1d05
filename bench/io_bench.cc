// Micro benchmarks of ingestion's hot paths: amount and date parsing, id interning, and the
// whole reader + summary on an in-memory simulated log. Results: bench/README.md.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/id_table.h"
#include "io/number.h"
#include "io/transaction_reader.h"
#include "simulate/simulate.h"
#include "summary/summary.h"

namespace {

using namespace winnow;

void BM_ParseAmount(benchmark::State& state) {
  std::mt19937_64 engine(1);
  std::vector<std::string> texts;
  for (int k = 0; k < 4096; ++k) texts.push_back(fmt::format("{:.2f}", std::uniform_real_distribution<>(0, 500)(engine)));
  size_t k = 0;
  double sum = 0;
  for (auto _ : state) {
    double v;
    io::ParseAmount(texts[k++ & 4095], false, &v);
    sum += v;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAmount);

void BM_ParseIsoDate(benchmark::State& state) {
  std::vector<std::string> texts;
  for (core::Day d = 19000; d < 19000 + 4096; ++d) texts.push_back(core::FormatDay(d));
  const core::DateParser parser = core::DateParser::Iso();
  size_t k = 0;
  int64_t sum = 0;
  for (auto _ : state) {
    core::Day d;
    parser.Parse(texts[k++ & 4095], &d);
    sum += d;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseIsoDate);

// Look-ups in random order among `range(0)` distinct 8-byte ids, after inserting them.
void BM_IdTableLookup(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::vector<std::string> ids;
  for (size_t k = 0; k < n; ++k) ids.push_back(fmt::format("C{:07}", k));
  io::IdTable table;
  for (const auto& id : ids) table.Intern(id, io::IdTable::Hash(id));
  std::vector<uint32_t> order(1 << 20);
  std::mt19937 engine(2);
  for (auto& o : order) o = static_cast<uint32_t>(engine() % n);
  size_t k = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    const std::string& id = ids[order[k++ & (order.size() - 1)]];
    sum += table.Intern(id, io::IdTable::Hash(id));
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IdTableLookup)->Arg(100000)->Arg(10000000);

// Reading and summarizing a simulated date-ordered log of range(0) customers, per row.
void BM_ReadAndSummarize(benchmark::State& state) {
  simulate::SimulateOptions options;
  options.purchase = {0.243, 4.414, 0.793, 2.426};
  options.spend = simulate::GammaGammaParams{6.25, 3.74, 15.44};
  options.customers = static_cast<uint64_t>(state.range(0));
  char path[] = "/tmp/winnow_bench_XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  const simulate::SimulatedLog log = simulate::SimulateBgNbd(options);
  simulate::WriteSimulatedCsv(log, options, path);
  size_t rows = 0;
  for (auto _ : state) {
    io::TransactionLog read = io::ReadTransactions({path}, io::ReadOptions{});
    read.ids.ReleaseLookup();
    const summary::CustomerSummary s = summary::Summarize(read, summary::SummaryOptions{});
    rows = read.rows();
    benchmark::DoNotOptimize(s.size());
  }
  std::remove(path);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_ReadAndSummarize)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
