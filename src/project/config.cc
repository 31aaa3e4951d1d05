#include "project/config.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <toml++/toml.h>

#include "core/error.h"
#include "core/parallel.h"
#include "model/registry.h"
#include "plan/response.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

std::string ProjectConfig::Resolve(const std::string& path) const {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

namespace {

// A BCP 47 language tag as Intl accepts it, roughly: letters and digits in parts of 1-8 joined by
// '-', the first 2-3 letters ("de", "de-DE", "en-US", "pt-BR").
bool IsLocaleTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 35) return false;
  size_t part = 0, length = 0;
  for (size_t k = 0; k <= tag.size(); ++k) {
    if (k == tag.size() || tag[k] == '-') {
      if (length == 0 || length > 8 || (part == 0 && (length < 2 || length > 3))) return false;
      ++part, length = 0;
      continue;
    }
    const char ch = tag[k];
    const bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    if (!letter && !(part > 0 && ch >= '0' && ch <= '9')) return false;
    ++length;
  }
  return true;
}

// The purchase models model.name and model.candidates may name.
bool IsCandidate(const model::ModelInfo& info) { return info.candidate; }

// The longest duration a setting may name: 100 years (the accepted dates span 300).
constexpr double kMaxSpanDays = 100 * 365.25;

const char* TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    default: return "a date-time";
  }
}

// Reads one file's keys into the config, each key declared once with its reader.
class Reader {
 public:
  Reader(std::string path, ProjectConfig* config) : path_(std::move(path)), config_(config) {}

  Error Fail(const toml::node& node, const std::string& key, const std::string& message) const {
    Error error(ErrorKind::kConfig, fmt::format("{}: {}", key, message));
    error.At(path_, node.source().begin.line, node.source().begin.column);
    return error;
  }

  std::string String(const toml::node& node, const std::string& key) const {
    if (!node.is_string()) throw Fail(node, key, fmt::format("expected a string, found {}", TypeName(node)));
    return *node.value<std::string>();
  }
  double Number(const toml::node& node, const std::string& key, double low, double high, bool open_low) const {
    if (!node.is_number()) throw Fail(node, key, fmt::format("expected a number, found {}", TypeName(node)));
    const double v = *node.value<double>();
    if (!std::isfinite(v) || (open_low ? v <= low : v < low) || v > high) {
      throw Fail(node, key, fmt::format("{} is out of range: expected {} {} and <= {}", v, open_low ? ">" : ">=", low, high));
    }
    return v;
  }
  uint64_t Count(const toml::node& node, const std::string& key) const {
    if (!node.is_integer()) throw Fail(node, key, fmt::format("expected an integer, found {}", TypeName(node)));
    const int64_t v = *node.value<int64_t>();
    if (v < 0) throw Fail(node, key, fmt::format("{} is negative", v));
    return static_cast<uint64_t>(v);
  }
  bool Bool(const toml::node& node, const std::string& key) const {
    if (!node.is_boolean()) throw Fail(node, key, fmt::format("expected true or false, found {}", TypeName(node)));
    return *node.value<bool>();
  }
  std::vector<std::string> Strings(const toml::node& node, const std::string& key, bool allow_single) const {
    if (allow_single && node.is_string()) return {String(node, key)};
    if (!node.is_array()) throw Fail(node, key, fmt::format("expected an array of strings, found {}", TypeName(node)));
    std::vector<std::string> out;
    for (const auto& item : *node.as_array()) out.push_back(String(item, key));
    return out;
  }
  std::vector<double> Numbers(const toml::node& node, const std::string& key) const {
    if (!node.is_array()) throw Fail(node, key, fmt::format("expected an array of numbers, found {}", TypeName(node)));
    std::vector<double> out;
    for (const auto& item : *node.as_array()) out.push_back(Number(item, key, 0, 1, true));
    return out;
  }
  core::Day Date(const toml::node& node, const std::string& key) const {
    int y = 0;
    unsigned m = 0, d = 0;
    if (node.is_date()) {
      const toml::date date = *node.value<toml::date>();
      y = date.year, m = date.month, d = date.day;
    } else {
      const std::string text = String(node, key);
      core::Day day = 0;
      if (core::DateParser::Iso().Parse(text, &day) != core::DateStatus::kOk) {
        throw Fail(node, key, core::DateParser::Iso().Explain(text));
      }
      return day;
    }
    if (!core::IsValidDate(y, m, d)) throw Fail(node, key, "not a valid date");
    if (!core::IsAcceptedYear(y)) {
      throw Fail(node, key, fmt::format("{}-{:02}-{:02} is outside the dates winnow accepts ({})", y, m, d,
                                        core::AcceptedDateRange()));
    }
    return core::DaysFromCivil(y, m, d);
  }
  Duration Span(const toml::node& node, const std::string& key) const {
    Duration duration;
    const std::string text = String(node, key);
    if (!ParseDuration(text, &duration)) {
      throw Fail(node, key, fmt::format("cannot read \"{}\" as a duration: expected a number > 0 and a unit, like "
                                        "\"52 weeks\", \"12 months\", \"1 year\" or \"90 days\"",
                                        core::Printable(text)));
    }
    // Every span of the project (periods, horizons, windows) lies within the accepted dates.
    if (duration.days > kMaxSpanDays) {
      throw Fail(node, key, fmt::format("\"{}\" is too long: expected at most 100 years", core::Printable(text)));
    }
    return duration;
  }

  using Setter = std::function<void(const toml::node&, const std::string& key)>;

  // The setter of a reading or period option: the check of its type, then the member it fills.
  Setter LogSetter(const LogOption& option) {
    return [this, &option](const toml::node& n, const std::string& k) {
      ProjectConfig& c = *config_;
      nodes_[k] = &n;
      switch (option.type) {
        case LogOptionType::kFiles: c.*option.files = Strings(n, k, true); break;
        case LogOptionType::kText: c.*option.text = String(n, k); break;
        case LogOptionType::kFlag: c.*option.boolean = Bool(n, k); break;
        case LogOptionType::kChoice: {
          std::string value = String(n, k);
          if (std::find(option.choices.begin(), option.choices.end(), value) == option.choices.end()) {
            throw Fail(n, k, fmt::format(fmt::runtime(option.choice_error), core::Printable(value),
                                         QuotedChoices(option.choices)));
          }
          (option.text != nullptr ? c.*option.text : c.*option.period_text) = std::move(value);
          break;
        }
        case LogOptionType::kDate: c.*option.date = Date(n, k); break;
        case LogOptionType::kDuration: c.*option.duration = Span(n, k); break;
      }
    };
  }
  // The node a key was read from; nullptr when the file does not set it.
  const toml::node* Node(const std::string& key) const {
    const auto found = nodes_.find(key);
    return found == nodes_.end() ? nullptr : found->second;
  }

  // winnow.toml's key table: each key declared once with its reader. The setters fill *config_:
  // `c` is a reference, and a lambda capturing a reference by reference refers to the object it
  // is bound to ([expr.prim.lambda.capture]), so the setters stay valid after Tables() returns.
  std::map<std::string, std::map<std::string, Setter>> Tables() {
    ProjectConfig& c = *config_;
    std::map<std::string, std::map<std::string, Setter>> tables;
    // [input] and [period]: the reading and period options, declared once (project/log_options.h).
    for (const LogOption& option : LogOptions()) {
      if (option.InConfig()) tables[option.Table()][option.key.substr(option.key.find('.') + 1)] = LogSetter(option);
    }
    tables["input"]["customers"] = [&](auto& n, auto& k) { c.customers = String(n, k); };
    tables["input"]["referrals"] = [&](auto& n, auto& k) { c.referrals = String(n, k); };
    auto& model = tables["model"];
    model["name"] = [&](auto& n, auto& k) {
      c.model = String(n, k);
      std::vector<std::string> names = {"auto"};
      for (const auto& name : model::ModelNames(&IsCandidate)) names.push_back(name);
      if (std::find(names.begin(), names.end(), c.model) == names.end()) {
        const std::string hint = core::DidYouMean(c.model, names);
        throw Fail(n, k, fmt::format("unknown model \"{}\"{}; expected one of {}", core::Printable(c.model),
                                     hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                     fmt::join(names, ", ")));
      }
    };
    model["candidates"] = [&](auto& n, auto& k) {
      c.candidates = Strings(n, k, false);
      const std::vector<std::string> names = model::ModelNames(&IsCandidate);
      for (const auto& name : c.candidates) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          throw Fail(n, k, fmt::format("unknown purchase model \"{}\"; expected some of {}", core::Printable(name),
                                       fmt::join(names, ", ")));
        }
      }
      if (c.candidates.empty()) throw Fail(n, k, "name at least one model");
    };
    model["penalizer"] = [&](auto& n, auto& k) { c.penalizer = Number(n, k, 0, 1e6, false); };
    model["selection_sample"] = [&](auto& n, auto& k) { c.selection_sample = Count(n, k); };
    model["fit_sample"] = [&](auto& n, auto& k) { c.fit_sample = Count(n, k); };
    auto& value = tables["value"];
    value["horizon"] = [&](auto& n, auto& k) { c.horizon = Span(n, k); };
    value["annual_discount_rate"] = [&](auto& n, auto& k) { c.annual_discount_rate = Number(n, k, 0, 10, false); };
    value["margin"] = [&](auto& n, auto& k) { c.margin = Number(n, k, 0, 1e6, true); };
    auto& referrals = tables["referrals"];
    referrals["incremental_share"] = [&](auto& n, auto& k) {
      c.referral_incremental_share = Number(n, k, 0, 1, false);
    };
    referrals["attribution"] = [&](auto& n, auto& k) -> void {
      throw Fail(n, k, "referrals.attribution was replaced by referrals.incremental_share (default 0.2): the share "
                       "of a referred customer's value its referral caused; a referrer's own value no longer includes "
                       "its referred customers' value in full");
    };
    auto& tiers = tables["tiers"];
    tiers["names"] = [&](auto& n, auto& k) {
      c.tier_names = Strings(n, k, false);
      if (c.tier_names.size() < 2) throw Fail(n, k, "name at least two tiers");
    };
    tiers["cuts"] = [&](auto& n, auto& k) { c.tier_cuts = Numbers(n, k); };
    tiers["rank_by"] = [&](auto& n, auto& k) { c.rank_by = Choice(n, k, {"clv", "clv+referral"}); };
    auto& key_accounts = tables["key_accounts"];
    key_accounts["top_value"] = [&](auto& n, auto& k) { c.key_top_value = Number(n, k, 0, 1, false); };
    key_accounts["top_upside"] = [&](auto& n, auto& k) { c.key_top_upside = Number(n, k, 0, 1, false); };
    auto& alerts = tables["alerts"];
    alerts["p_alive_below"] = [&](auto& n, auto& k) { c.alert_p_alive_below = Number(n, k, 0, 1, false); };
    alerts["lost_below"] = [&](auto& n, auto& k) { c.alert_lost_below = Number(n, k, 0, 1, false); };
    alerts["overdue_factor"] = [&](auto& n, auto& k) { c.alert_overdue_factor = Number(n, k, 0, 1e6, true); };
    alerts["tiers"] = [&](auto& n, auto& k) { c.alert_tiers = Strings(n, k, false); };
    alerts["lookahead"] = [&](auto& n, auto& k) { c.alert_lookahead = Span(n, k); };
    auto& report = tables["report"];
    report["locale"] = [&](auto& n, auto& k) {
      c.report_locale = String(n, k);
      if (!IsLocaleTag(c.report_locale)) {
        throw Fail(n, k, fmt::format("\"{}\" is not a locale: expected a language tag such as \"de-DE\" or \"en-US\"",
                                     core::Printable(c.report_locale)));
      }
    };
    report["currency"] = [&](auto& n, auto& k) {
      c.report_currency = String(n, k);
      const bool code = c.report_currency.size() == 3 &&
                        std::all_of(c.report_currency.begin(), c.report_currency.end(),
                                    [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!c.report_currency.empty() && !code) {
        throw Fail(n, k, fmt::format("\"{}\" is not a currency code: expected three capital letters (ISO 4217) "
                                     "such as \"EUR\", or \"\" for none",
                                     core::Printable(c.report_currency)));
      }
    };
    report["title"] = [&](auto& n, auto& k) { c.report_title = String(n, k); };
    report["client"] = [&](auto& n, auto& k) { c.report_client = String(n, k); };
    auto& reference = tables["reference"];
    reference["per_segment"] = [&](auto& n, auto& k) { c.reference_per_segment = Count(n, k); };
    reference["segment_by"] = [&](auto& n, auto& k) {
      c.reference_segment_by = Strings(n, k, true);
      const std::vector<std::string> fields = {"type", "region", "owner", "tier"};
      for (const auto& f : c.reference_segment_by) {
        if (std::find(fields.begin(), fields.end(), f) == fields.end()) {
          throw Fail(n, k, fmt::format("cannot segment by \"{}\": expected some of {}", core::Printable(f),
                                       fmt::join(fields, ", ")));
        }
      }
    };
    reference["min_p_alive"] = [&](auto& n, auto& k) { c.reference_min_p_alive = Number(n, k, 0, 1, false); };
    reference["min_tenure"] = [&](auto& n, auto& k) { c.reference_min_tenure = Span(n, k); };
    reference["min_purchases"] = [&](auto& n, auto& k) { c.reference_min_purchases = Count(n, k); };
    reference["max_gap_cv"] = [&](auto& n, auto& k) { c.reference_max_gap_cv = Number(n, k, 0, 1e6, true); };
    auto& evaluation = tables["evaluation"];
    evaluation["truth"] = [&](auto& n, auto& k) { c.truth = String(n, k); };
    evaluation["window"] = [&](auto& n, auto& k) { c.evaluation_window = Span(n, k); };
    AddPlanKeys(tables["plan"]);
    AddExpertKeys(tables["experts"]);
    tables["output"]["dir"] = [&](auto& n, auto& k) { c.out_dir = String(n, k); };
    tables["run"]["threads"] = [&](auto& n, auto& k) {
      c.threads = Count(n, k);
      if (c.threads > core::kMaxThreads) {
        throw Fail(n, k, fmt::format("{} threads is too many: expected 0 (all cores) to {}", c.threads, core::kMaxThreads));
      }
    };
    tables["run"]["strict"] = [&](auto& n, auto& k) { c.strict = Bool(n, k); };
    return tables;
  }

  // A string among `choices`, else the error listing them.
  std::string Choice(const toml::node& node, const std::string& key, const std::vector<std::string>& choices) const {
    std::string value = String(node, key);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
      const std::string hint = core::DidYouMean(value, choices);
      throw Fail(node, key, fmt::format("unknown value \"{}\"{}; expected one of {}", core::Printable(value),
                                        hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                        QuotedChoices(choices)));
    }
    return value;
  }

  // The entries of an array of tables ([[plan.rules]]), each checked against its own key table.
  void ForEachEntry(const toml::node& node, const std::string& key,
                    const std::function<std::map<std::string, Setter>(size_t index)>& keys_of) {
    if (!node.is_array_of_tables()) {
      throw Fail(node, key, fmt::format("expected an array of tables ([[{}]]), found {}", key, TypeName(node)));
    }
    size_t index = 0;
    for (const toml::node& entry : *node.as_array()) {
      const std::map<std::string, Setter> keys = keys_of(index);
      std::vector<std::string> names;
      for (const auto& [name, setter] : keys) names.push_back(name);
      for (const auto& [entry_key, value] : *entry.as_table()) {
        const std::string name(entry_key.str());
        const auto found = keys.find(name);
        const std::string full = fmt::format("{}[{}].{}", key, index + 1, name);
        if (found == keys.end()) {
          const std::string hint = core::DidYouMean(name, names);
          throw Error(ErrorKind::kConfig, fmt::format("unknown key \"{}\"{}; the keys of [[{}]] are {}", full,
                                                      hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                                      key, fmt::join(names, ", ")))
              .At(path_, entry_key.source().begin.line, entry_key.source().begin.column);
        }
        found->second(value, full);
      }
      ++index;
    }
  }

  // [plan] (README "Effort plans").
  void AddPlanKeys(std::map<std::string, Setter>& plan) {
    PlanSettings& p = config_->plan;
    plan["reps"] = [&](auto& n, auto& k) { p.reps = String(n, k); };
    plan["territories"] = [&](auto& n, auto& k) { p.territories = String(n, k); };
    plan["interactions"] = [&](auto& n, auto& k) { p.interactions = String(n, k); };
    plan["limits"] = [&](auto& n, auto& k) { p.limits = String(n, k); };
    plan["truth"] = [&](auto& n, auto& k) { p.truth = String(n, k); };
    plan["period"] = [&](auto& n, auto& k) {
      p.period = Span(n, k);
      if (p.period.days < 1) throw Fail(n, k, "must be at least 1 day");
    };
    plan["budget"] = [&](auto& n, auto& k) { p.budget = Number(n, k, 0, 1e15, false); };
    plan["goal"] = [&](auto& n, auto& k) { p.goal = Choice(n, k, {"budget", "target", "hurdle"}); };
    plan["target_gain"] = [&](auto& n, auto& k) { p.target_gain = Number(n, k, 0, 1e15, true); };
    plan["hurdle"] = [&](auto& n, auto& k) { p.hurdle = Number(n, k, 0, 1e9, true); };
    plan["stake"] = [&](auto& n, auto& k) { p.stake = Choice(n, k, {"value", "value+upside"}); };
    plan["response"] = [&](auto& n, auto& k) { p.response = Choice(n, k, {"auto", "history", "judgment"}); };
    plan["response_by"] = [&](auto& n, auto& k) { p.response_by = Choice(n, k, {"type", "tier", "all"}); };
    plan["max_contacts"] = [&](auto& n, auto& k) {
      p.max_contacts = Count(n, k);
      if (p.max_contacts > kMaxPlanContacts) {
        throw Fail(n, k, fmt::format("{} is too many: expected at most {} contacts per customer and period",
                                     p.max_contacts, kMaxPlanContacts));
      }
    };
    plan["rules"] = [&](auto& n, auto& k) {
      ForEachEntry(n, k, [&](size_t index) {
        PlanRule& rule = p.rules.emplace_back();
        rule.where = fmt::format("{}[{}]", k, index + 1);
        auto contacts = [this](const toml::node& node, const std::string& key) {
          const uint64_t v = Count(node, key);
          if (v > kMaxPlanContacts) {
            throw Fail(node, key, fmt::format("{} is more than {} contacts", v, kMaxPlanContacts));
          }
          return v;
        };
        std::map<std::string, Setter> keys;
        keys["tier"] = [&rule, this](auto& n2, auto& k2) { rule.tier = String(n2, k2); };
        keys["type"] = [&rule, this](auto& n2, auto& k2) { rule.type = String(n2, k2); };
        keys["key_accounts"] = [&rule, this](auto& n2, auto& k2) { rule.key_accounts = Bool(n2, k2); };
        keys["min"] = [&rule, contacts](auto& n2, auto& k2) { rule.min = contacts(n2, k2); };
        keys["max"] = [&rule, contacts](auto& n2, auto& k2) { rule.max = contacts(n2, k2); };
        return keys;
      });
    };
    plan["judgment"] = [&](auto& n, auto& k) {
      ForEachEntry(n, k, [&](size_t index) {
        PlanJudgment& j = p.judgments.emplace_back();
        j.where = fmt::format("{}[{}]", k, index + 1);
        std::map<std::string, Setter> keys;
        keys["tier"] = [&j, this](auto& n2, auto& k2) { j.tier = String(n2, k2); };
        keys["type"] = [&j, this](auto& n2, auto& k2) { j.type = String(n2, k2); };
        keys["at_zero"] = [&j, this](auto& n2, auto& k2) { j.at_zero = Number(n2, k2, 0, 1, false); };
        keys["at_plus_50"] = [&j, this](auto& n2, auto& k2) { j.at_plus_50 = Number(n2, k2, 0, 100, true); };
        keys["at_saturation"] = [&j, this](auto& n2, auto& k2) { j.at_saturation = Number(n2, k2, 0, 100, true); };
        keys["current"] = [&j, this](auto& n2, auto& k2) { j.current = Number(n2, k2, 0, kMaxPlanContacts, true); };
        return keys;
      });
    };
  }

  // [experts] (README "Experts").
  void AddExpertKeys(std::map<std::string, Setter>& experts) {
    ExpertSettings& e = config_->experts;
    // (A plain variable per entry: clang 14 cannot capture a structured binding.)
    for (const auto& entry : {std::pair{"experts", &ExpertSettings::experts},
                              {"publications", &ExpertSettings::publications},
                              {"trials", &ExpertSettings::trials},
                              {"talks", &ExpertSettings::talks},
                              {"memberships", &ExpertSettings::memberships}}) {
      const auto member = entry.second;
      experts[entry.first] = [this, &e, member](auto& n, auto& k) { e.*member = String(n, k); };
    }
    experts["as_of_year"] = [&](auto& n, auto& k) {
      const uint64_t year = Count(n, k);
      if (year < core::kMinYear || year > core::kMaxYear) {
        throw Fail(n, k, fmt::format("{} is outside the years winnow accepts ({})", year, core::AcceptedDateRange()));
      }
      e.as_of_year = static_cast<int64_t>(year);
    };
    experts["half_life"] = [&](auto& n, auto& k) { e.half_life = Span(n, k); };
    experts["area_keywords"] = [&](auto& n, auto& k) { e.area_keywords = Strings(n, k, true); };
    experts["compare_within"] = [&](auto& n, auto& k) {
      e.compare_within = Choice(n, k, {"specialty", "country", "all"});
    };
    experts["damping"] = [&](auto& n, auto& k) {
      e.damping = Number(n, k, 0, 1, false);
      if (e.damping >= 1) throw Fail(n, k, "must be below 1 (PageRank's damping)");
    };
    experts["weights"] = [&](auto& n, auto& k) {
      if (!n.is_table()) throw Fail(n, k, fmt::format("expected a table of weights, found {}", TypeName(n)));
      const std::vector<std::string> names = {"trials",     "publications", "talks",
                                              "committees", "congress",     "multiplier"};
      for (const auto& [key, value] : *n.as_table()) {
        const std::string name(key.str());
        const auto found = std::find(names.begin(), names.end(), name);
        if (found == names.end()) {
          const std::string hint = core::DidYouMean(name, names);
          throw Error(ErrorKind::kConfig, fmt::format("unknown criterion \"{}.{}\"{}; the criteria are {}", k, name,
                                                      hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                                      fmt::join(names, ", ")))
              .At(path_, key.source().begin.line, key.source().begin.column);
        }
        e.weights[static_cast<size_t>(found - names.begin())] = Number(value, k + "." + name, 0, 1e6, false);
      }
      double sum = 0;
      for (double w : e.weights) sum += w;
      if (!(sum > 0)) throw Fail(n, k, "the weights are all 0: give at least one criterion a weight");
    };
    for (const auto& entry : {std::pair{"global_countries", &ExpertSettings::global_countries},
                              {"global_international", &ExpertSettings::global_international},
                              {"national_collaborators", &ExpertSettings::national_collaborators},
                              {"rising_years", &ExpertSettings::rising_years}}) {
      const auto member = entry.second;
      experts[entry.first] = [this, &e, member](auto& n, auto& k) { e.*member = Count(n, k); };
    }
    experts["rising_growth"] = [&](auto& n, auto& k) { e.rising_growth = Number(n, k, 0, 1e6, true); };
    experts["rising_min_score"] = [&](auto& n, auto& k) { e.rising_min_score = Number(n, k, 0, 100, false); };
  }

  // The [plan] settings that depend on each other; the judgments' curves (plan/response.h).
  void CheckPlan() const {
    const PlanSettings& p = config_->plan;
    const ProjectConfig& c = *config_;
    auto fail_at = [&](const std::string& key, const std::string& message) {
      const toml::node* node = Node(key);
      return node != nullptr ? Fail(*node, key, message) : Error(ErrorKind::kConfig, key + ": " + message).At(path_);
    };
    if (p.goal == "target" && !p.target_gain) {
      throw fail_at("plan.goal", "goal \"target\" needs plan.target_gain (the expected gain to reach)");
    }
    if (p.goal == "hurdle" && !p.hurdle) {
      throw fail_at("plan.goal", "goal \"hurdle\" needs plan.hurdle (the least expected gain per unit of cost)");
    }
    for (const PlanRule& rule : p.rules) {
      if (!rule.tier.empty() && std::find(c.tier_names.begin(), c.tier_names.end(), rule.tier) == c.tier_names.end()) {
        throw Error(ErrorKind::kConfig, fmt::format("{}.tier: \"{}\" is not a tier; the tiers are {}", rule.where,
                                                    core::Printable(rule.tier), fmt::join(c.tier_names, ", ")))
            .At(path_);
      }
      if (!rule.min && !rule.max) {
        throw Error(ErrorKind::kConfig, fmt::format("{}: give min, max or both", rule.where)).At(path_);
      }
      if (rule.min && rule.max && *rule.min > *rule.max) {
        throw Error(ErrorKind::kConfig, fmt::format("{}: min {} is more than max {}", rule.where, *rule.min, *rule.max))
            .At(path_);
      }
    }
    std::set<std::string> judged;  // the groups named so far ("" for the entry naming none)
    for (const PlanJudgment& j : p.judgments) {
      if (!j.tier.empty() && !j.type.empty()) {
        throw Error(ErrorKind::kConfig, fmt::format("{}: give a tier or a type, not both", j.where)).At(path_);
      }
      // One response per group of plan.response_by: a judgment must name a group of that kind.
      const std::string& other = p.response_by == "tier" ? j.type : j.tier;
      if (!other.empty() || (p.response_by == "all" && !(j.tier.empty() && j.type.empty()))) {
        throw Error(ErrorKind::kConfig,
                    p.response_by == "all"
                        ? fmt::format("{}: plan.response_by is \"all\" (one response for every customer): the "
                                      "judgment names no tier or type",
                                      j.where)
                        : fmt::format("{}: names a {}, but plan.response_by is \"{}\" (one response per {}): name a {} "
                                      "or set plan.response_by = \"{}\"",
                                      j.where, p.response_by == "tier" ? "type" : "tier", p.response_by, p.response_by,
                                      p.response_by, p.response_by == "tier" ? "type" : "tier"))
            .At(path_);
      }
      const std::string group = p.response_by == "tier" ? j.tier : j.type;
      if (!judged.insert(group).second) {
        throw Error(ErrorKind::kConfig,
                    group.empty() ? fmt::format("{}: a second judgment for every other customer (naming no {})",
                                                j.where, p.response_by == "all" ? "group" : p.response_by)
                                  : fmt::format("{}: a second judgment for {} \"{}\"", j.where, p.response_by,
                                                core::Printable(group)))
            .At(path_);
      }
      if (!j.tier.empty() && std::find(c.tier_names.begin(), c.tier_names.end(), j.tier) == c.tier_names.end()) {
        throw Error(ErrorKind::kConfig, fmt::format("{}.tier: \"{}\" is not a tier; the tiers are {}", j.where,
                                                    core::Printable(j.tier), fmt::join(c.tier_names, ", ")))
            .At(path_);
      }
      plan::Judgment points{j.at_zero, j.at_plus_50, j.at_saturation, j.current.value_or(1)};
      try {
        (void)plan::FromJudgment(points, j.where);
      } catch (Error& e) {
        e.At(path_);
        throw;
      }
    }
    for (const auto& [key, set] : {std::pair{"experts.publications", !c.experts.publications.empty()},
                                   {"experts.trials", !c.experts.trials.empty()}, {"experts.talks", !c.experts.talks.empty()},
                                   {"experts.memberships", !c.experts.memberships.empty()}}) {
      if (set && c.experts.experts.empty()) throw fail_at(key, "needs experts.experts (the experts table)");
    }
    if (c.experts.rising_years == 0) throw fail_at("experts.rising_years", "must be at least 1");
    const bool planned = !p.reps.empty();
    for (const auto& [key, set] : {std::pair{"plan.interactions", !p.interactions.empty()},
                                   {"plan.territories", !p.territories.empty()}, {"plan.limits", !p.limits.empty()},
                                   {"plan.truth", !p.truth.empty()}}) {
      if (set && !planned) throw fail_at(key, "needs plan.reps (the reps table) to plan with");
    }
  }

  void Run(const toml::table& root) {
    ProjectConfig& c = *config_;
    const std::map<std::string, std::map<std::string, Setter>> tables = Tables();

    std::vector<std::string> table_names;
    for (const auto& [name, keys] : tables) table_names.push_back(name);
    for (const auto& [table_key, table_node] : root) {
      const std::string table_name(table_key.str());
      const auto found = tables.find(table_name);
      if (found == tables.end() || !table_node.is_table()) {
        const std::string hint = core::DidYouMean(table_name, table_names);
        Error error(ErrorKind::kConfig,
                    found == tables.end()
                        ? fmt::format("unknown table [{}]{}; the tables are {}", core::Printable(table_name),
                                      hint.empty() ? "" : fmt::format(" (did you mean [{}]?)", hint),
                                      fmt::join(table_names, ", "))
                        : fmt::format("{}: expected a table [{}], found {}", table_name, table_name, TypeName(table_node)));
        error.At(path_, table_key.source().begin.line, table_key.source().begin.column);
        throw error;
      }
      std::vector<std::string> key_names;
      for (const auto& [name, setter] : found->second) key_names.push_back(name);
      for (const auto& [key, node] : *table_node.as_table()) {
        const std::string key_name(key.str());
        const std::string full = table_name + "." + key_name;
        const auto setter = found->second.find(key_name);
        if (setter == found->second.end()) {
          const std::string hint = core::DidYouMean(key_name, key_names);
          Error error(ErrorKind::kConfig, fmt::format("unknown key \"{}\"{}; the keys of [{}] are {}", full,
                                                      hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                                      table_name, fmt::join(key_names, ", ")));
          error.At(path_, key.source().begin.line, key.source().begin.column);
          throw error;
        }
        nodes_[full] = &node;
        setter->second(node, full);
      }
    }
    if (c.transactions.empty()) {
      throw Error(ErrorKind::kConfig, "[input] transactions is missing: name the transaction log (customer_id,date,amount)")
          .At(path_);
    }
    const toml::node* quantity_node = Node("input.quantity_column");
    const toml::node* price_node = Node("input.price_column");
    const toml::node* amount_column_node = Node("input.amount_column");
    if ((quantity_node == nullptr) != (price_node == nullptr)) {
      const toml::node& n = quantity_node != nullptr ? *quantity_node : *price_node;
      throw Fail(n, quantity_node != nullptr ? "input.quantity_column" : "input.price_column",
                 quantity_node != nullptr ? "needs input.price_column: the amount is quantity x price"
                                          : "needs input.quantity_column: the amount is quantity x price");
    }
    if (quantity_node != nullptr && amount_column_node != nullptr) {
      throw Fail(*amount_column_node, "input.amount_column",
                 "input.amount_column and input.quantity_column exclude each other: the amount is either a column or "
                 "quantity x price");
    }
    if (c.tier_cuts.size() + 1 != c.tier_names.size()) {
      throw Error(ErrorKind::kConfig,
                  fmt::format("tiers.cuts: {} names need {} cuts (cumulative value shares), found {}", c.tier_names.size(),
                              c.tier_names.size() - 1, c.tier_cuts.size()))
          .At(path_);
    }
    for (size_t k = 1; k < c.tier_cuts.size(); ++k) {
      if (!(c.tier_cuts[k] > c.tier_cuts[k - 1])) {
        throw Error(ErrorKind::kConfig, fmt::format("tiers.cuts: must increase, found {} after {}", c.tier_cuts[k],
                                                    c.tier_cuts[k - 1]))
            .At(path_);
      }
    }
    for (const auto& tier : c.alert_tiers) {
      if (std::find(c.tier_names.begin(), c.tier_names.end(), tier) == c.tier_names.end()) {
        throw Error(ErrorKind::kConfig, fmt::format("alerts.tiers: \"{}\" is not a tier; the tiers are {}",
                                                    core::Printable(tier), fmt::join(c.tier_names, ", ")))
            .At(path_);
      }
    }
    if (c.alert_tiers.empty()) c.alert_tiers.assign(c.tier_names.begin(), c.tier_names.end() - 1);
    const toml::node* lost = Node("alerts.lost_below");
    if (lost != nullptr && !(c.alert_lost_below < c.alert_p_alive_below)) {
      throw Fail(*lost, "alerts.lost_below",
                 fmt::format("must be below alerts.p_alive_below ({}): lost customers are a part of the low ones",
                             c.alert_p_alive_below));
    }
    if (!(c.alert_lost_below < c.alert_p_alive_below)) c.alert_lost_below = c.alert_p_alive_below / 5;
    CheckPlan();
  }

 private:
  std::string path_;
  ProjectConfig* config_;
  std::map<std::string, const toml::node*> nodes_;  // "input.quantity_column" -> its node
};

}  // namespace

std::vector<std::string> ProjectConfigKeys() {
  ProjectConfig config;
  std::vector<std::string> keys;
  for (const auto& [table, setters] : Reader("", &config).Tables()) {
    for (const auto& [key, setter] : setters) keys.push_back(table + "." + key);
  }
  return keys;
}

io::ReadOptions ProjectReadOptions(const ProjectConfig& config) {
  return ToReadOptions(config, SettingsSource{config.config_path}, config.threads, /*amount_required=*/true);
}

ProjectConfig LoadProjectConfig(const std::string& dir) {
  ProjectConfig config;
  config.dir = dir.empty() ? "." : dir;
  config.config_path = (std::filesystem::path(config.dir) / "winnow.toml").string();
  std::error_code ec;
  if (!std::filesystem::is_directory(config.dir, ec)) {
    throw Error(ErrorKind::kIo, fmt::format("{}: no such project folder", config.dir));
  }
  if (!std::filesystem::exists(config.config_path, ec)) {
    throw Error(ErrorKind::kIo, fmt::format("{}: not found; a project folder needs a winnow.toml", config.config_path))
        .Hint("winnow simulate --scenario pharma --out DIR writes a sample project to start from");
  }
  toml::table root;
  try {
    root = toml::parse_file(config.config_path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::kConfig, std::string(e.description()))
        .At(config.config_path, e.source().begin.line, e.source().begin.column);
  }
  Reader(config.config_path, &config).Run(root);
  return config;
}

}  // namespace winnow::project
