#include "project/stages/experts.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_set>

namespace winnow::project {

namespace {

expert::ScoringOptions ScoringOptionsOf(const ExpertSettings& e) {
  expert::ScoringOptions o;
  if (e.as_of_year) o.as_of_year = static_cast<int>(*e.as_of_year);
  o.half_life_years = e.half_life.days / 365.25;
  o.area_keywords = e.area_keywords;
  for (auto& keyword : o.area_keywords) {
    std::transform(keyword.begin(), keyword.end(), keyword.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  o.compare_within = e.compare_within;
  for (size_t k = 0; k < expert::kCriteria && k < e.weights.size(); ++k) o.weights[k] = e.weights[k];
  o.global_countries = static_cast<uint32_t>(e.global_countries);
  o.global_international = static_cast<uint32_t>(e.global_international);
  o.national_collaborators = static_cast<uint32_t>(e.national_collaborators);
  o.rising_years = static_cast<int>(e.rising_years);
  o.rising_growth = e.rising_growth;
  o.rising_min_score = e.rising_min_score;
  return o;
}

}  // namespace

ExpertList ScoreExpertsStage(const ExpertsInput& input) {
  const ProjectConfig& config = *input.config;
  const ExpertSettings& settings = config.experts;
  ExpertList out;
  if (settings.experts.empty()) return out;
  out.present = true;
  SayIf(input.say, "experts: reading the experts and their activity");
  auto path = [&](const std::string& p) { return p.empty() ? std::string() : config.Resolve(p); };
  out.tables = expert::ReadExpertTables({path(settings.experts), path(settings.publications), path(settings.trials),
                                         path(settings.talks), path(settings.memberships)});
  SayIf(input.say, fmt::format("experts: the network of {} experts", out.tables.experts.size()));
  expert::NetworkOptions network_options;
  network_options.damping = settings.damping;
  network_options.threads = config.threads;
  out.network = expert::BuildNetwork(out.tables, network_options);
  SayIf(input.say, "experts: scoring");
  const expert::ScoringOptions options = ScoringOptionsOf(settings);
  out.scores = expert::ScoreExperts(out.tables, out.network, options);

  const size_t n = out.tables.experts.size();
  out.ranked.resize(n);
  std::iota(out.ranked.begin(), out.ranked.end(), 0u);
  std::stable_sort(out.ranked.begin(), out.ranked.end(), [&](uint32_t a, uint32_t b) {
    if (out.scores[a].total != out.scores[b].total) return out.scores[a].total > out.scores[b].total;
    return out.tables.experts[a].id < out.tables.experts[b].id;
  });

  // The accounts the experts work at: customer ids of the customers table.
  std::unordered_set<std::string_view> accounts;
  if (input.accounts != nullptr) {
    for (const std::string& id : input.accounts->accounts.id) accounts.insert(id);
  }
  results::ExpertSection& S = out.section;
  uint64_t unknown = 0;
  std::string example;
  for (const expert::Expert& e : out.tables.experts) {
    if (e.customer_id.empty()) continue;
    if (accounts.count(e.customer_id)) {
      ++S.linked_accounts;
    } else if (unknown++ == 0) {
      example = e.customer_id;
    }
  }
  if (unknown > 0) {
    out.notes.push_back(fmt::format("experts: {} experts name a customer_id the customers table lacks (e.g. \"{}\"); "
                                    "they are not linked to an account",
                                    unknown, example));
  }
  if (out.tables.duplicates > 0) {
    out.notes.push_back(fmt::format("experts: {} duplicate rows in the activity tables were read once",
                                    out.tables.duplicates));
  }

  S.experts = n;
  S.as_of_year = expert::AsOfYear(out.tables, options);
  S.half_life_years = options.half_life_years;
  S.compare_within = options.compare_within;
  S.area_keywords = options.area_keywords;
  double sum = 0;
  for (double w : options.weights) sum += w;
  for (double w : options.weights) S.weights.push_back(w / sum);
  S.damping = settings.damping;
  S.edges = out.network.edges.size();
  S.iterations = out.network.iterations;
  S.duplicates = out.tables.duplicates;
  for (const char* tier : {"global", "national", "regional", "local"}) {
    uint64_t count = 0;
    for (const auto& s : out.scores) count += s.tier == tier;
    S.tiers.emplace_back(tier, count);
  }
  for (const auto& s : out.scores) S.rising_stars += s.rising_star;
  for (size_t k = 0; k < std::min<size_t>(100, n); ++k) S.top.push_back(Row(out, out.ranked[k]));
  return out;
}

results::ExpertRow Row(const ExpertList& list, uint32_t e) {
  const expert::Expert& x = list.tables.experts[e];
  const expert::ExpertScore& s = list.scores[e];
  results::ExpertRow r;
  r.expert_id = x.id;
  r.name = x.name;
  r.specialty = x.specialty;
  r.institution = x.institution;
  r.country = x.country;
  r.customer_id = x.customer_id;
  for (size_t k = 0; k < expert::kCriteria; ++k) r.scores[k] = s.scores[k];
  r.pagerank = e < list.network.pagerank.size() ? list.network.pagerank[e] : 0;
  r.total_score = s.total;
  r.tier = s.tier;
  r.rising_star = s.rising_star;
  r.explanation = s.explanation;
  return r;
}

}  // namespace winnow::project
