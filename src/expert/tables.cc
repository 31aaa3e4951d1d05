// The expert tables (see expert/tables.h): every column read as text, codes matched without
// regard to case, numbers parsed here so the errors name the cell.
#include "expert/tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "io/csv_table.h"

namespace winnow::expert {

using core::Error;
using core::ErrorKind;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A code as written: lower-cased, spaces and hyphens as underscores, trimmed.
std::string Code(std::string_view text) {
  std::string out = Lower(text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t start = 0;
  while (start < out.size() && out[start] == ' ') ++start;
  out.erase(0, start);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

// One table read as text, its exact duplicate rows dropped.
struct Table {
  io::CsvTable table;
  std::vector<size_t> rows;  // the rows kept (first of each set of equal rows)
  std::vector<std::vector<std::string>> all;  // every column of the file, in header order
  std::vector<std::pair<std::string, size_t>> columns;  // the columns read: index into `all`

  Table(const std::string& path, const std::vector<std::string>& required, const std::vector<std::string>& optional,
        uint64_t* duplicates)
      : table(io::CsvTable::Read(path, {}, {})) {
    table.Require(required);
    for (const std::string& name : table.header()) all.push_back(table.Strings(name));
    for (const auto& names : {required, optional}) {
      for (const std::string& name : names) {
        if (table.Has(name)) columns.emplace_back(name, table.FieldOf(name) - 1);
      }
    }
    // Every column of the file (not only those read) decides whether two rows are equal: rows
    // sorted by a hash of their cells, then equal hashes compared cell by cell.
    const size_t n = table.rows();
    std::vector<std::pair<uint64_t, size_t>> hashed(n);
    for (size_t k = 0; k < n; ++k) {
      uint64_t h = 1469598103934665603ull;
      for (const auto& column : all) h = (h ^ std::hash<std::string>()(column[k])) * 1099511628211ull;
      hashed[k] = {h, k};
    }
    std::sort(hashed.begin(), hashed.end());
    std::vector<char> keep(n, 1);
    const auto same = [&](size_t a, size_t b) {
      for (const auto& column : all) {
        if (column[a] != column[b]) return false;
      }
      return true;
    };
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j < n && hashed[j].first == hashed[i].first) ++j;
      for (size_t a = i + 1; a < j; ++a) {
        for (size_t b = i; b < a; ++b) {
          if (keep[hashed[b].second] && same(hashed[a].second, hashed[b].second)) {
            keep[hashed[a].second] = 0;
            ++*duplicates;
            break;
          }
        }
      }
      i = j;
    }
    rows.reserve(n);
    for (size_t k = 0; k < n; ++k) {
      if (keep[k]) rows.push_back(k);
    }
  }
  const std::vector<std::string>* Column(std::string_view name) const {
    for (const auto& [column, index] : columns) {
      if (column == name) return &all[index];
    }
    return nullptr;
  }
  bool Has(std::string_view name) const { return Column(name) != nullptr; }
  const std::string& Cell(size_t row, std::string_view name) const {
    static const std::string kEmpty;
    const std::vector<std::string>* column = Column(name);
    return column == nullptr ? kEmpty : (*column)[row];
  }
  Error At(size_t row, const std::string& column, const std::string& message) const {
    return Error(ErrorKind::kInput, message)
        .At(table.path(), static_cast<int64_t>(table.Line(row)), static_cast<int64_t>(table.FieldOf(column)))
        .Field(column);
  }

  // A year from 1900 to 2199; empty allowed when `optional` (returns 0).
  int Year(size_t row, const std::string& column, bool optional = false) const {
    const std::string& text = Cell(row, column);
    if (text.empty() && optional) return 0;
    int year = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || end != text.data() + text.size() || year < 1900 || year > 2199) {
      throw At(row, column, fmt::format("\"{}\" is not a year from 1900 to 2199", core::Printable(text)));
    }
    return year;
  }
  // A number >= 0, or NaN when the cell is empty or the column absent.
  double NonNegative(size_t row, const std::string& column) const {
    const std::string& text = Cell(row, column);
    if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0) {
      throw At(row, column, fmt::format("\"{}\" is not a number >= 0", core::Printable(text)));
    }
    return v;
  }
  // A code from `codes` (spelling -> value); the error lists `accepted`.
  template <typename T>
  T Pick(size_t row, const std::string& column, const std::vector<std::pair<std::string, T>>& codes,
         const std::vector<std::string>& accepted) const {
    const std::string code = Code(Cell(row, column));
    for (const auto& [spelling, value] : codes) {
      if (code == spelling) return value;
    }
    throw At(row, column, fmt::format("unknown {} \"{}\": expected {}", column, core::Printable(Cell(row, column)),
                                      core::JoinOr(accepted)));
  }
};

// Index of an id in `ids`, adding it when new.
uint32_t Intern(std::vector<std::string>& ids, std::unordered_map<std::string, uint32_t>& index,
                const std::string& id) {
  const auto [it, fresh] = index.emplace(id, static_cast<uint32_t>(ids.size()));
  if (fresh) ids.push_back(id);
  return it->second;
}

}  // namespace

ExpertTables ReadExpertTables(const ExpertPaths& paths) {
  ExpertTables out;
  std::unordered_map<std::string, uint32_t> expert_index;
  {
    const Table t(paths.experts, {"expert_id"}, {"name", "specialty", "institution", "country", "customer_id"},
                  &out.duplicates);
    if (t.rows.empty()) {
      throw Error(ErrorKind::kInput, "no rows: expected one row per expert: expert_id,name,specialty,institution,"
                                     "country[,customer_id]")
          .At(paths.experts);
    }
    expert_index.reserve(t.rows.size());
    out.experts.reserve(t.rows.size());
    for (const size_t k : t.rows) {
      const std::string& id = t.Cell(k, "expert_id");
      if (id.empty()) throw t.At(k, "expert_id", "empty: every expert needs an id");
      const auto [it, fresh] = expert_index.emplace(id, static_cast<uint32_t>(out.experts.size()));
      if (!fresh) {
        throw t.At(k, "expert_id", fmt::format("expert \"{}\" is listed twice (first on line {})",
                                               core::Printable(id), out.experts[it->second].line));
      }
      Expert e;
      e.id = id;
      e.name = t.Has("name") && !t.Cell(k, "name").empty() ? t.Cell(k, "name") : id;
      e.specialty = t.Cell(k, "specialty");
      e.institution = t.Cell(k, "institution");
      e.country = t.Cell(k, "country");
      e.customer_id = t.Cell(k, "customer_id");
      e.line = t.table.Line(k);
      out.experts.push_back(std::move(e));
    }
  }
  const auto expert_of = [&](const Table& t, size_t k) {
    const std::string& id = t.Cell(k, "expert_id");
    const auto it = expert_index.find(id);
    if (it == expert_index.end()) {
      throw t.At(k, "expert_id",
                 fmt::format("unknown expert \"{}\": not in the experts table {}", core::Printable(id), paths.experts));
    }
    return it->second;
  };
  const auto id_of = [](const Table& t, size_t k, const std::string& column, std::vector<std::string>& ids,
                        std::unordered_map<std::string, uint32_t>& index) {
    const std::string& id = t.Cell(k, column);
    if (id.empty()) throw t.At(k, column, fmt::format("empty: every row needs a {}", column));
    return Intern(ids, index, id);
  };

  if (!paths.publications.empty()) {
    const Table t(paths.publications, {"pub_id", "expert_id", "year", "author_position"},
                  {"journal", "citations", "impact", "keywords"}, &out.duplicates);
    std::unordered_map<std::string, uint32_t> index;
    out.authorships.reserve(t.rows.size());
    const std::vector<std::pair<std::string, AuthorPosition>> codes = {
        {"first", AuthorPosition::kFirst}, {"1", AuthorPosition::kFirst},   {"last", AuthorPosition::kLast},
        {"n", AuthorPosition::kLast},      {"middle", AuthorPosition::kMiddle}, {"k", AuthorPosition::kMiddle}};
    const std::vector<std::string> accepted = {"first (or 1)", "last (or N)", "middle (or k, or a number from 2)"};
    for (const size_t k : t.rows) {
      Authorship a;
      a.pub = id_of(t, k, "pub_id", out.pub_ids, index);
      a.expert = expert_of(t, k);
      a.year = t.Year(k, "year");
      // A position number from 2 up is a middle author (the last author is named "last" or N).
      const std::string position = Code(t.Cell(k, "author_position"));
      int number = 0;
      const auto [end, ec] = std::from_chars(position.data(), position.data() + position.size(), number);
      if (ec == std::errc() && end == position.data() + position.size() && number >= 2) {
        a.position = AuthorPosition::kMiddle;
      } else {
        a.position = t.Pick(k, "author_position", codes, accepted);
      }
      a.citations = t.NonNegative(k, "citations");
      a.impact = t.NonNegative(k, "impact");
      a.journal = t.Cell(k, "journal");
      a.keywords = Lower(t.Cell(k, "keywords"));
      out.authorships.push_back(std::move(a));
    }
  }
  if (!paths.trials.empty()) {
    const Table t(paths.trials, {"trial_id", "expert_id", "phase", "role", "start_year"}, {"status"},
                  &out.duplicates);
    std::unordered_map<std::string, uint32_t> index;
    const std::vector<std::pair<std::string, TrialPhase>> phases = {
        {"i", TrialPhase::kI},     {"1", TrialPhase::kI},     {"ii", TrialPhase::kII},  {"2", TrialPhase::kII},
        {"iii", TrialPhase::kIII}, {"3", TrialPhase::kIII},   {"iv", TrialPhase::kIV},  {"4", TrialPhase::kIV},
        {"phase_i", TrialPhase::kI}, {"phase_ii", TrialPhase::kII}, {"phase_iii", TrialPhase::kIII},
        {"phase_iv", TrialPhase::kIV}};
    const std::vector<std::pair<std::string, TrialRole>> roles = {
        {"principal_investigator", TrialRole::kPrincipal}, {"pi", TrialRole::kPrincipal},
        {"sub_investigator", TrialRole::kSub},             {"subinvestigator", TrialRole::kSub},
        {"sub", TrialRole::kSub},                          {"si", TrialRole::kSub},
        {"steering_committee", TrialRole::kSteering},      {"steering", TrialRole::kSteering}};
    for (const size_t k : t.rows) {
      TrialRoleRow r;
      r.trial = id_of(t, k, "trial_id", out.trial_ids, index);
      r.expert = expert_of(t, k);
      r.phase = t.Pick(k, "phase", phases, {"I", "II", "III", "IV (or 1-4, or phase I-IV)"});
      r.role = t.Pick(k, "role", roles,
                      {"principal_investigator (or PI)", "sub_investigator (or sub, SI)",
                       "steering_committee (or steering)"});
      r.start_year = t.Year(k, "start_year");
      r.status = t.Cell(k, "status");
      out.trials.push_back(std::move(r));
    }
  }
  if (!paths.talks.empty()) {
    const Table t(paths.talks, {"event", "expert_id", "year", "level", "role"}, {}, &out.duplicates);
    std::unordered_map<std::string, uint32_t> index;
    const std::vector<std::pair<std::string, TalkLevel>> levels = {{"international", TalkLevel::kInternational},
                                                                   {"national", TalkLevel::kNational},
                                                                   {"regional", TalkLevel::kRegional},
                                                                   {"local", TalkLevel::kLocal}};
    const std::vector<std::pair<std::string, TalkRole>> roles = {{"keynote", TalkRole::kKeynote},
                                                                 {"chair", TalkRole::kChair},
                                                                 {"speaker", TalkRole::kSpeaker},
                                                                 {"panel", TalkRole::kPanel},
                                                                 {"panelist", TalkRole::kPanel}};
    for (const size_t k : t.rows) {
      Talk talk;
      talk.event = id_of(t, k, "event", out.events, index);
      talk.expert = expert_of(t, k);
      talk.year = t.Year(k, "year");
      talk.level = t.Pick(k, "level", levels, {"international", "national", "regional", "local"});
      talk.role = t.Pick(k, "role", roles, {"keynote", "chair", "speaker", "panel (or panelist)"});
      out.talks.push_back(talk);
    }
  }
  if (!paths.memberships.empty()) {
    const Table t(paths.memberships, {"body", "expert_id", "kind", "from"}, {"to"}, &out.duplicates);
    std::unordered_map<std::string, uint32_t> index;
    const std::vector<std::pair<std::string, BodyKind>> kinds = {
        {"guideline_committee", BodyKind::kGuidelineCommittee}, {"guideline", BodyKind::kGuidelineCommittee},
        {"advisory_board", BodyKind::kAdvisoryBoard},           {"advisory", BodyKind::kAdvisoryBoard},
        {"society_board", BodyKind::kSocietyBoard},             {"society", BodyKind::kSocietyBoard},
        {"editorial_board", BodyKind::kEditorialBoard},         {"editorial", BodyKind::kEditorialBoard}};
    for (const size_t k : t.rows) {
      Membership m;
      m.body = id_of(t, k, "body", out.bodies, index);
      m.expert = expert_of(t, k);
      m.kind = t.Pick(k, "kind", kinds,
                      {"guideline_committee (or guideline)", "advisory_board (or advisory)",
                       "society_board (or society)", "editorial_board (or editorial)"});
      m.from = t.Year(k, "from");
      m.to = t.Year(k, "to", /*optional=*/true);
      if (m.to != 0 && m.to < m.from) {
        throw t.At(k, "to", fmt::format("{} is before the from year {}", m.to, m.from));
      }
      out.memberships.push_back(m);
    }
  }
  return out;
}

}  // namespace winnow::expert
