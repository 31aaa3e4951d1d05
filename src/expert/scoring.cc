// The six criteria, the total, tiers, rising stars and explanations (see expert/scoring.h for
// the relevance weights and the formulas).
#include "expert/scoring.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/error.h"

namespace winnow::expert {

using core::Error;
using core::ErrorKind;

const char* CriterionName(Criterion c) {
  switch (c) {
    case kTrials: return "trials";
    case kPublications: return "publications";
    case kTalks: return "talks";
    case kCommittees: return "committees";
    case kCongress: return "congress";
    case kMultiplier: return "multiplier";
    case kCriteria: break;
  }
  return "?";
}

namespace {

// The relevance tables of scoring.h.
double TrialRelevance(const TrialRoleRow& r) {
  static constexpr double kRole[] = {3, 1, 2};          // principal, sub, steering
  static constexpr double kPhase[] = {1, 1.2, 1.5, 0.8};  // I, II, III, IV
  return kRole[static_cast<int>(r.role)] * kPhase[static_cast<int>(r.phase)];
}
double PublicationRelevance(const Authorship& a) {
  const double position = a.position == AuthorPosition::kMiddle ? 1 : 2;
  double quality = 1;
  if (!std::isnan(a.citations)) {
    quality = 1 + std::log1p(a.citations) / 5;
  } else if (!std::isnan(a.impact)) {
    quality = 1 + std::log1p(a.impact) / 5;
  }
  return position * quality;
}
constexpr double kTalkLevel[] = {4, 2, 1, 0.5};     // international, national, regional, local
constexpr double kTalkRole[] = {2, 1.5, 1, 0.8};    // keynote, chair, speaker, panel
constexpr double kBodyKind[] = {3, 2, 1.5, 2};      // guideline, advisory, society, editorial
constexpr double kCongressLevel[] = {2, 1};         // international, national
constexpr double kCongressRole[] = {2, 1.5};        // keynote, chair

bool IsCongressRole(const Talk& t) {
  return (t.level == TalkLevel::kInternational || t.level == TalkLevel::kNational) &&
         (t.role == TalkRole::kKeynote || t.role == TalkRole::kChair);
}
double CongressRelevance(const Talk& t) {
  return kCongressLevel[static_cast<int>(t.level)] * kCongressRole[static_cast<int>(t.role)];
}

// Whether a publication's keywords (separated by ';' or ',') match the area: some keyword
// contains some area keyword (both lower-cased).
bool InArea(const std::string& keywords, const std::vector<std::string>& area) {
  if (area.empty()) return true;
  size_t start = 0;
  while (start <= keywords.size()) {
    size_t end = keywords.find_first_of(";,", start);
    if (end == std::string::npos) end = keywords.size();
    const std::string_view word(keywords.data() + start, end - start);
    for (const std::string& a : area) {
      if (!a.empty() && word.find(a) != std::string_view::npos) return true;
    }
    start = end + 1;
  }
  return false;
}

// Percentile scores 0-100 of `values` (one per member of a group): 100 * mean rank / n, ties
// sharing the mean of their ranks; a value <= 0 scores 0.
std::vector<double> Percentiles(const std::vector<double>& values) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  for (size_t k = 0; k < n; ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> out(n, 0.0);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && values[order[j]] == values[order[i]]) ++j;
    const double mean_rank = static_cast<double>(i) + static_cast<double>(j - i + 1) / 2;
    for (size_t k = i; k < j; ++k) {
      out[order[k]] = values[order[k]] > 0 ? 100 * mean_rank / static_cast<double>(n) : 0.0;
    }
    i = j;
  }
  return out;
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// What the facts behind each criterion count, per expert.
struct Facts {
  size_t trials_by_role[3] = {};   // principal, sub, steering
  size_t phase3_by_role[3] = {};
  int trials_since = 0;
  size_t publications = 0, first_last = 0;
  int publications_since = 0;
  size_t talks = 0, international_talks = 0, national_or_above = 0;
  int talks_since = 0;
  size_t bodies[4] = {};  // by kind
  size_t congress[2][2] = {};  // [level international/national][role keynote/chair]
  // Raw activity (relevance, not decayed) in the recent window and before it, and the first
  // year before it with activity (0: none), for rising stars.
  double recent = 0, earlier = 0;
  int first_earlier = 0;
  bool beyond_local = false;
};

void Since(int* since, int year) {
  if (*since == 0 || year < *since) *since = year;
}

// Adds an item's undecayed relevance to the recent or the earlier activity.
void AddActivity(Facts* f, int year, double relevance, int recent_from) {
  if (year >= recent_from) {
    f->recent += relevance;
  } else {
    f->earlier += relevance;
    Since(&f->first_earlier, year);
  }
}

std::string Explain(Criterion c, const Facts& f, const Network& network, uint32_t e) {
  switch (c) {
    case kTrials: {
      static const char* kRoleName[] = {"principal investigator", "sub-investigator", "steering committee member"};
      std::vector<std::string> parts;
      for (const int role : {0, 2, 1}) {
        const size_t n = f.trials_by_role[role];
        if (n == 0) continue;
        std::string part = fmt::format("{} in {}", kRoleName[role], Plural(n, "trial", "trials"));
        if (f.phase3_by_role[role] > 0) part += fmt::format(" ({} phase III)", f.phase3_by_role[role]);
        parts.push_back(part);
      }
      return fmt::format("{} since {}", fmt::join(parts, ", "), f.trials_since);
    }
    case kPublications:
      return fmt::format("{} ({} first or last author) since {}", Plural(f.publications, "publication", "publications"),
                         f.first_last, f.publications_since);
    case kTalks:
      return fmt::format("{} ({} international) since {}", Plural(f.talks, "talk", "talks"), f.international_talks,
                         f.talks_since);
    case kCommittees: {
      static const char* kOne[] = {"guideline committee", "advisory board", "society board", "editorial board"};
      static const char* kMany[] = {"guideline committees", "advisory boards", "society boards", "editorial boards"};
      std::vector<std::string> parts;
      for (int kind = 0; kind < 4; ++kind) {
        if (f.bodies[kind] > 0) parts.push_back(Plural(f.bodies[kind], kOne[kind], kMany[kind]));
      }
      return "member of " + fmt::format("{}", fmt::join(parts, ", "));
    }
    case kCongress: {
      static const char* kRole[] = {"keynote", "chair"};
      static const char* kLevel[] = {"international", "national"};
      std::vector<std::string> parts;
      for (int role = 0; role < 2; ++role) {
        for (int level = 0; level < 2; ++level) {
          const size_t n = f.congress[level][role];
          if (n > 0) {
            parts.push_back(fmt::format("{} at {} {} {}", kRole[role], n, kLevel[level],
                                        n == 1 ? "congress" : "congresses"));
          }
        }
      }
      return fmt::format("{}", fmt::join(parts, ", "));
    }
    case kMultiplier:
      return fmt::format("{} at {} in {}", Plural(network.collaborators[e], "collaborator", "collaborators"),
                         Plural(network.institutions[e], "institution", "institutions"),
                         Plural(network.countries[e], "country", "countries"));
    case kCriteria: break;
  }
  return "";
}

}  // namespace

int AsOfYear(const ExpertTables& tables, const ScoringOptions& options) {
  int as_of = options.as_of_year;
  if (as_of == 0) {
    for (const auto& a : tables.authorships) as_of = std::max(as_of, a.year);
    for (const auto& r : tables.trials) as_of = std::max(as_of, r.start_year);
    for (const auto& t : tables.talks) as_of = std::max(as_of, t.year);
    for (const auto& m : tables.memberships) as_of = std::max({as_of, m.from, m.to});
  }
  return as_of;
}

std::vector<ExpertScore> ScoreExperts(const ExpertTables& tables, const Network& network,
                                      const ScoringOptions& options) {
  const size_t n = tables.experts.size();
  double weight_sum = 0;
  for (int c = 0; c < kCriteria; ++c) {
    if (!(options.weights[c] >= 0) || !std::isfinite(options.weights[c])) {
      throw Error(ErrorKind::kConfig, fmt::format("experts.weights: the weight of {} is {}: expected a number >= 0",
                                                  CriterionName(static_cast<Criterion>(c)), options.weights[c]));
    }
    weight_sum += options.weights[c];
  }
  if (!(weight_sum > 0)) throw Error(ErrorKind::kConfig, "experts.weights: all weights are 0: give at least one > 0");
  if (!(options.half_life_years > 0)) {
    throw Error(ErrorKind::kConfig,
                fmt::format("experts.half_life_years is {}: expected a number > 0", options.half_life_years));
  }
  const std::string& within = options.compare_within;
  if (within != "specialty" && within != "country" && within != "all") {
    throw Error(ErrorKind::kConfig, fmt::format("experts.compare_within is \"{}\": expected specialty, country or all",
                                                core::Printable(within)));
  }
  const bool has_network = !network.pagerank.empty();
  if (has_network && (network.pagerank.size() != n || network.collaborators.size() != n ||
                      network.institutions.size() != n || network.countries.size() != n)) {
    throw std::logic_error("ScoreExperts: the network is not of these experts");
  }

  const int as_of = AsOfYear(tables, options);
  const auto decay = [&](int year) { return std::pow(0.5, (as_of - year) / options.half_life_years); };
  std::vector<std::string> area;
  for (const std::string& a : options.area_keywords) {
    std::string lower = a;
    for (char& ch : lower) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    area.push_back(lower);
  }

  std::vector<ExpertScore> out(n);
  std::vector<Facts> facts(n);
  const int recent_from = as_of - options.rising_years + 1;
  // Items dated after as_of_year have not happened yet as seen from it: they are left out.
  for (const TrialRoleRow& r : tables.trials) {
    if (r.start_year > as_of) continue;
    const double relevance = TrialRelevance(r);
    out[r.expert].raw[kTrials] += relevance * decay(r.start_year);
    Facts& f = facts[r.expert];
    const int role = static_cast<int>(r.role);
    ++f.trials_by_role[role];
    if (r.phase == TrialPhase::kIII) ++f.phase3_by_role[role];
    Since(&f.trials_since, r.start_year);
    AddActivity(&f, r.start_year, relevance, recent_from);
    f.beyond_local = true;
  }
  for (const Authorship& a : tables.authorships) {
    if (a.year > as_of || !InArea(a.keywords, area)) continue;
    const double relevance = PublicationRelevance(a);
    out[a.expert].raw[kPublications] += relevance * decay(a.year);
    Facts& f = facts[a.expert];
    ++f.publications;
    if (a.position != AuthorPosition::kMiddle) ++f.first_last;
    Since(&f.publications_since, a.year);
    AddActivity(&f, a.year, relevance, recent_from);
    f.beyond_local = true;
  }
  for (const Talk& t : tables.talks) {
    if (t.year > as_of) continue;
    const double relevance = kTalkLevel[static_cast<int>(t.level)] * kTalkRole[static_cast<int>(t.role)];
    out[t.expert].raw[kTalks] += relevance * decay(t.year);
    Facts& f = facts[t.expert];
    ++f.talks;
    if (t.level == TalkLevel::kInternational) ++f.international_talks;
    if (t.level == TalkLevel::kInternational || t.level == TalkLevel::kNational) ++f.national_or_above;
    Since(&f.talks_since, t.year);
    AddActivity(&f, t.year, relevance, recent_from);
    if (t.level != TalkLevel::kLocal) f.beyond_local = true;
    if (IsCongressRole(t)) {
      const double congress = CongressRelevance(t);
      out[t.expert].raw[kCongress] += congress * decay(t.year);
      ++f.congress[static_cast<int>(t.level)][static_cast<int>(t.role)];
      AddActivity(&f, t.year, congress, recent_from);
    }
  }
  for (const Membership& m : tables.memberships) {
    if (m.from > as_of) continue;
    const int to = m.to == 0 ? as_of : std::min(m.to, as_of);
    const double relevance = kBodyKind[static_cast<int>(m.kind)];
    Facts& f = facts[m.expert];
    for (int year = m.from; year <= to; ++year) {
      out[m.expert].raw[kCommittees] += relevance * decay(year);
      AddActivity(&f, year, relevance, recent_from);
    }
    ++f.bodies[static_cast<int>(m.kind)];
    f.beyond_local = true;
  }

  // The comparison groups, in a fixed order.
  std::map<std::string, std::vector<uint32_t>> groups;
  for (uint32_t e = 0; e < n; ++e) {
    const Expert& x = tables.experts[e];
    groups[within == "specialty" ? x.specialty : within == "country" ? x.country : std::string()].push_back(e);
  }
  const auto normalize = [&](const std::vector<uint32_t>& members, auto value) {
    std::vector<double> values(members.size());
    for (size_t k = 0; k < members.size(); ++k) values[k] = value(members[k]);
    return Percentiles(values);
  };
  for (const auto& [key, members] : groups) {
    if (has_network) {
      // The multiplier's raw value: the percentile (0-1) of PageRank plus that of reach
      // (collaborators + institutions + countries) within the group; 0 without collaborators.
      const auto pagerank = normalize(members, [&](uint32_t e) {
        return network.collaborators[e] > 0 ? network.pagerank[e] : 0.0;
      });
      const auto reach = normalize(members, [&](uint32_t e) {
        return network.collaborators[e] > 0
                   ? static_cast<double>(network.collaborators[e] + network.institutions[e] + network.countries[e])
                   : 0.0;
      });
      for (size_t k = 0; k < members.size(); ++k) out[members[k]].raw[kMultiplier] = (pagerank[k] + reach[k]) / 100;
    }
    for (int c = 0; c < kCriteria; ++c) {
      const auto scores = normalize(members, [&](uint32_t e) { return out[e].raw[c]; });
      for (size_t k = 0; k < members.size(); ++k) out[members[k]].scores[c] = scores[k];
    }
  }

  for (uint32_t e = 0; e < n; ++e) {
    ExpertScore& s = out[e];
    const Facts& f = facts[e];
    double total = 0;
    for (int c = 0; c < kCriteria; ++c) total += options.weights[c] * s.scores[c];
    s.total = total / weight_sum;

    const uint32_t countries = has_network ? network.countries[e] : 0;
    const uint32_t collaborators = has_network ? network.collaborators[e] : 0;
    if (countries >= options.global_countries && f.international_talks >= options.global_international) {
      s.tier = "global";
    } else if (collaborators >= options.national_collaborators || f.national_or_above > 0) {
      s.tier = "national";
    } else if (f.beyond_local) {
      s.tier = "regional";
    } else {
      s.tier = "local";
    }

    // Rising star: raw activity per year over the last rising_years against per year before
    // (from the expert's first active year), and the total at least rising_min_score.
    const int first = f.first_earlier == 0 ? recent_from : f.first_earlier;
    const double recent_rate = f.recent / std::max(1, options.rising_years);
    const double earlier_rate = f.earlier / std::max(1, recent_from - first);
    s.rising_star =
        recent_rate > 0 && recent_rate >= options.rising_growth * earlier_rate && s.total >= options.rising_min_score;

    // The explanation: the (at most 3) criteria with the largest weighted scores, then their facts.
    std::vector<int> order;
    for (int c = 0; c < kCriteria; ++c) {
      if (s.scores[c] > 0 && options.weights[c] > 0) order.push_back(c);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return options.weights[a] * s.scores[a] > options.weights[b] * s.scores[b];
    });
    if (order.size() > 3) order.resize(3);
    std::vector<std::string> parts;
    for (const int c : order) {
      parts.push_back(fmt::format("{} {:.0f}: {}", CriterionName(static_cast<Criterion>(c)), s.scores[c],
                                  Explain(static_cast<Criterion>(c), f, network, e)));
    }
    s.explanation = parts.empty() ? "no activity" : fmt::format("{}", fmt::join(parts, "; "));
  }
  return out;
}

}  // namespace winnow::expert
