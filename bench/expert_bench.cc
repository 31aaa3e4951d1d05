// Experts (issue 13): expert::BuildNetwork (the joint items' pairs, their merge, PageRank and
// reach) on a simulated expert base. Results: bench/README.md.
//   BM_BuildNetwork/100000/2000000: 100k experts, 2M publication-author rows, plus trials and
//     talks (the target: 100k experts with 2M rows scored in under 10 s; the scores come
//     from expert/scoring.cc, timed separately when it lands: this is the network's share).
// The tables are built directly (no CSV), once per size, outside the timed loop.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "expert/network.h"

namespace {

using namespace winnow::expert;

// Weighted sampling from a fixed list by a cumulative table.
class Sampler {
 public:
  Sampler() = default;
  Sampler(std::vector<uint32_t> ids, const std::vector<double>& activity) : ids_(std::move(ids)) {
    double total = 0;
    for (const uint32_t id : ids_) cumulative_.push_back(total += activity[id]);
  }
  bool empty() const { return ids_.empty(); }
  uint32_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    const auto at = std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin();
    return ids_[std::min<size_t>(static_cast<size_t>(at), ids_.size() - 1)];
  }

 private:
  std::vector<uint32_t> ids_;
  std::vector<double> cumulative_;
};

// A simulated expert base (seed 42). Experts at 2,000 institutions in 40 countries; each expert's
// activity Pareto (alpha 1.3, min 1), so papers per expert are long-tailed. Papers until
// `rows` author rows: authors 1 + lognormal(median 4, sigma 0.8), and one paper in 5,000 a
// consortium paper of 100-3,000 authors (log-uniform; those above 1,000 are left out of the
// graph). The first author by activity over all experts; each further author from the first's
// institution (65 %), country (25 %) or anywhere (10 %), by activity. Trials: rows / 40
// trials of 2-31 investigators (one institution 50 %, one country 40 %); events: rows / 200
// events of 3-42 speakers (one country 60 %).
ExpertTables Simulate(uint32_t experts, uint64_t rows) {
  std::mt19937_64 rng(42);
  constexpr uint32_t kInstitutions = 2000, kCountries = 40;
  ExpertTables t;
  t.experts.resize(experts);
  std::vector<double> activity(experts);
  std::vector<uint32_t> institution(experts);
  std::vector<std::vector<uint32_t>> by_institution(kInstitutions), by_country(kCountries);
  std::uniform_int_distribution<uint32_t> pick_institution(0, kInstitutions - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (uint32_t e = 0; e < experts; ++e) {
    institution[e] = pick_institution(rng);
    const uint32_t country = institution[e] % kCountries;
    t.experts[e].id = "E" + std::to_string(e);
    t.experts[e].institution = "I" + std::to_string(institution[e]);
    t.experts[e].country = "C" + std::to_string(country);
    activity[e] = std::pow(1 - unit(rng), -1 / 1.3);
    by_institution[institution[e]].push_back(e);
    by_country[country].push_back(e);
  }
  std::vector<uint32_t> everyone(experts);
  for (uint32_t e = 0; e < experts; ++e) everyone[e] = e;
  const Sampler anyone(everyone, activity);
  std::vector<Sampler> at_institution, in_country;
  for (auto& ids : by_institution) at_institution.emplace_back(std::move(ids), activity);
  for (auto& ids : by_country) in_country.emplace_back(std::move(ids), activity);
  // A colleague of `lead`: same institution with probability p_inst, same country with p_country.
  auto colleague = [&](uint32_t lead, double p_inst, double p_country) {
    const double u = unit(rng);
    const uint32_t inst = institution[lead];
    if (u < p_inst && !at_institution[inst].empty()) return at_institution[inst](rng);
    if (u < p_inst + p_country) return in_country[inst % kCountries](rng);
    return anyone(rng);
  };

  std::lognormal_distribution<double> authors(std::log(4.0), 0.8);
  while (t.authorships.size() < rows) {
    const uint32_t pub = static_cast<uint32_t>(t.pub_ids.size());
    t.pub_ids.push_back("P" + std::to_string(pub));
    uint64_t k = 1 + static_cast<uint64_t>(authors(rng));
    if (unit(rng) < 1.0 / 5000) k = static_cast<uint64_t>(100 * std::pow(30.0, unit(rng)));
    k = std::min(k, rows - t.authorships.size());
    const uint32_t lead = anyone(rng);
    for (uint64_t a = 0; a < k; ++a) {
      Authorship row;
      row.pub = pub;
      row.expert = a == 0 ? lead : colleague(lead, 0.65, 0.25);
      row.year = 2015 + static_cast<int>(unit(rng) * 11);
      row.position = a == 0 ? AuthorPosition::kFirst : a + 1 == k ? AuthorPosition::kLast : AuthorPosition::kMiddle;
      t.authorships.push_back(std::move(row));
    }
  }
  std::uniform_int_distribution<uint32_t> investigators(2, 31), speakers(3, 42);
  for (uint64_t trial = 0; trial < rows / 40; ++trial) {
    t.trial_ids.push_back("T" + std::to_string(trial));
    const uint32_t lead = anyone(rng), k = investigators(rng);
    for (uint32_t a = 0; a < k; ++a) {
      TrialRoleRow row;
      row.trial = static_cast<uint32_t>(trial);
      row.expert = a == 0 ? lead : colleague(lead, 0.5, 0.4);
      row.role = a == 0 ? TrialRole::kPrincipal : TrialRole::kSub;
      t.trials.push_back(std::move(row));
    }
  }
  for (uint64_t event = 0; event < rows / 200; ++event) {
    t.events.push_back("V" + std::to_string(event));
    const uint32_t chair = anyone(rng), k = speakers(rng);
    for (uint32_t a = 0; a < k; ++a) {
      Talk row;
      row.event = static_cast<uint32_t>(event);
      row.expert = a == 0 ? chair : colleague(chair, 0.0, 0.6);
      row.role = a == 0 ? TalkRole::kChair : TalkRole::kSpeaker;
      t.talks.push_back(row);
    }
  }
  return t;
}

const ExpertTables& Tables(uint32_t experts, uint64_t rows) {
  static std::map<std::pair<uint32_t, uint64_t>, ExpertTables> cache;
  auto it = cache.find({experts, rows});
  if (it == cache.end()) it = cache.emplace(std::make_pair(experts, rows), Simulate(experts, rows)).first;
  return it->second;
}

void BM_BuildNetwork(benchmark::State& state) {
  const ExpertTables& tables = Tables(static_cast<uint32_t>(state.range(0)), static_cast<uint64_t>(state.range(1)));
  NetworkOptions options;  // defaults: damping 0.85, tolerance 1e-10, items up to 1,000, all cores
  for (auto _ : state) {
    const Network network = BuildNetwork(tables, options);
    state.counters["edges"] = static_cast<double>(network.edges.size());
    state.counters["iterations"] = network.iterations;
    state.counters["left_out"] = static_cast<double>(network.left_out_items);
    benchmark::DoNotOptimize(network.pagerank.data());
  }
  state.counters["pubs"] = static_cast<double>(tables.pub_ids.size());
  state.counters["rows"] =
      static_cast<double>(tables.authorships.size() + tables.trials.size() + tables.talks.size());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(tables.authorships.size()));
}
BENCHMARK(BM_BuildNetwork)
    ->Args({10000, 200000})
    ->Args({100000, 2000000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
