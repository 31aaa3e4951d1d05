#include "project/run.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "core/error.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "io/byte_source.h"
#include "io/csv_table.h"
#include "io/output_dir.h"
#include "io/output_file.h"
#include "io/transaction_reader.h"
#include "model/fit.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "model/purchase_data.h"
#include "model/registry.h"
#include "model/selection.h"
#include "model/validation.h"
#include "segment/alerts.h"
#include "segment/reference.h"
#include "segment/tiers.h"
#include "summary/summary_writer.h"
#include "value/accounts.h"
#include "value/customer_value.h"
#include "value/plausibility.h"
#include "value/referral.h"

namespace winnow::project {

using core::Day;
using core::Error;
using core::ErrorKind;

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The summary rows of a deterministic sample of about `wanted` customers (by a hash of the
// customer index; all when wanted is 0 or the summary is smaller) that `also` accepts.
model::Observations SampleObservations(const summary::CustomerSummary& s, uint64_t wanted,
                                       const std::function<bool(size_t)>& also = {}) {
  uint64_t eligible = 0;
  for (size_t k = 0; k < s.size(); ++k) eligible += !also || also(k);
  const bool sample = wanted > 0 && eligible > wanted;
  const uint64_t threshold = sample ? static_cast<uint64_t>(static_cast<double>(wanted) / static_cast<double>(eligible) *
                                                            18446744073709551615.0)
                                    : 0;
  return model::SummaryObservations(s, [&](size_t k) {
    return (!also || also(k)) && (!sample || core::SplitMix64(s.customer[k]) < threshold);
  });
}

// The calibration summary of a deterministic sample of about `wanted` customers (all when fewer).
summary::CustomerSummary SelectionSummary(io::TransactionLog& log, const summary::SummaryOptions& options,
                                          uint64_t wanted) {
  const uint64_t customers = log.ids.size();
  if (wanted == 0 || customers <= wanted) return summary::Summarize(log, options);
  const double fraction = static_cast<double>(wanted) / static_cast<double>(customers);
  const uint64_t threshold = static_cast<uint64_t>(fraction * 18446744073709551615.0);
  io::TransactionLog sample;
  sample.has_amount = log.has_amount;
  sample.grouped = false;
  for (size_t r = 0; r < log.rows(); ++r) {
    if (core::SplitMix64(log.customer[r]) >= threshold) continue;
    sample.customer.push_back(log.customer[r]);
    sample.day.push_back(log.day[r]);
    if (log.has_amount) sample.amount.push_back(log.amount[r]);
  }
  sample.ids = std::move(log.ids);
  struct Restore {
    io::TransactionLog& to;
    io::TransactionLog& from;
    ~Restore() { to.ids = std::move(from.ids); }
  } restore{log, sample};
  return summary::Summarize(sample, options);
}

// Shortest text that reads back to the same double; empty for NaN (a missing value).
void AppendNumber(std::string& out, double v) {
  if (!std::isfinite(v)) return;
  char buffer[32];
  out.append(buffer, fmt::format_to(buffer, FMT_COMPILE("{}"), v));
}

// One CSV row being appended to a text buffer.
class CsvRow {
 public:
  explicit CsvRow(std::string& out) : out_(out) {}
  CsvRow& Text(std::string_view field) {
    Sep();
    summary::AppendCsvField(out_, field);
    return *this;
  }
  CsvRow& Num(double v) {
    Sep();
    AppendNumber(out_, v);
    return *this;
  }
  CsvRow& Int(uint64_t v) {
    Sep();
    char buffer[24];
    out_.append(buffer, fmt::format_to(buffer, FMT_COMPILE("{}"), v));
    return *this;
  }
  CsvRow& Day(core::Day day) {
    Sep();
    char buffer[16];
    core::FormatDayTo(day, buffer);
    out_.append(buffer, 10);
    return *this;
  }

 private:
  void Sep() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// Writes header and rows 0..count-1 (formatted by `row` in parallel) to `path` atomically.
void WriteCsv(const std::string& path, const std::string& header, size_t count, size_t threads,
              const std::function<void(size_t, CsvRow&)>& row) {
  io::OutputFile file(path);
  file.Write(header + "\n");
  io::WriteRowsInParallel(
      file, count, threads,
      [&](size_t k, std::string& out) {
        CsvRow csv(out);
        row(k, csv);
        out.push_back('\n');
      },
      16384);
  file.Commit();
}

// What out/ may hold, and what to do when it holds something else.
io::OutputDir::Options OutDirOptions(const ProjectConfig& config) {
  io::OutputDir::Options options;
  options.owned = IsRunOutput;
  options.foreign_hint = fmt::format("move it away, or set output.dir in {} to a folder of its own", config.config_path);
  return options;
}

}  // namespace

bool IsRunOutput(std::string_view name) {
  for (const char* output : {"customers.csv", "accounts.csv", "alerts.csv", "reference_customers.csv", "model.json",
                             "spend_model.json", "results.json", "report.html"}) {
    if (name == output || io::internal::IsTempName(name, output)) return true;
    const std::string legacy = std::string(output) + ".tmp-";
    if (name.size() > legacy.size() && name.substr(0, legacy.size()) == legacy &&
        name.find_first_not_of("0123456789", legacy.size()) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> LogPaths(const ProjectConfig& config) {
  std::vector<std::string> paths;
  for (const auto& p : config.transactions) paths.push_back(config.Resolve(p));
  return io::ExpandInputPatterns(paths);
}

io::TransactionLog ReadProjectLog(const ProjectConfig& config) {
  const io::ReadOptions read = ProjectReadOptions(config);
  return io::ReadTransactions(LogPaths(config), read);
}

RunOutcome RunProject(const ProjectConfig& config, const RunOptions& run_options) {
  const auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& line) {
    if (run_options.say) run_options.say(line);
  };
  RunOutcome outcome;
  results::Results& R = outcome.results;
  R.winnow_version = WINNOW_VERSION;
  R.project_dir = config.dir;
  const size_t threads = config.threads;
  // Before any work: out/ is a folder winnow may replace as a whole.
  io::OutputDir::Check(config.Resolve(config.out_dir), OutDirOptions(config));

  // 1. The log and its summaries.
  const std::vector<std::string> paths = LogPaths(config);
  say(fmt::format("reading {}", fmt::join(paths, ", ")));
  io::TransactionLog log = ReadProjectLog(config);
  if (log.rows() == 0) throw Error(ErrorKind::kInput, fmt::format("{}: the log has no rows", paths.front()));
  if (log.report.bad_rows > 0) {
    for (const std::string& line : log.report.DescribeBadRows()) say(line);
    R.skipped_rows = log.report.bad_rows;
    std::vector<std::string> counts;
    for (const io::BadRowGroup& group : log.report.BadRowGroups()) {
      results::SkippedRowGroup& g = R.skipped_by_reason.emplace_back();
      g.reason = io::BadRowReasonName(group.reason);
      g.rows = group.rows;
      for (const Error& e : group.examples) g.examples.push_back(e.Headline() + " | " + e.excerpt());
      counts.push_back(fmt::format("{} {}", group.rows, g.reason));
    }
    R.notes.push_back(fmt::format("skipped {} bad rows of the log: {} (examples in results.json, skipped_rows)",
                                  log.report.bad_rows, fmt::join(counts, ", ")));
  }
  const summary::TimeUnit unit = summary::ParseTimeUnit(config.time_unit);
  const double unit_days = summary::UnitDays(unit);
  Day log_min = std::numeric_limits<Day>::max(), log_max = std::numeric_limits<Day>::min();
  for (Day d : log.day) log_min = std::min(log_min, d), log_max = std::max(log_max, d);
  const Day observation_end = config.observation_end.value_or(log_max);
  Day calibration_end = 0;
  if (config.calibration_end) {
    calibration_end = *config.calibration_end;
  } else {
    const double span = observation_end - log_min;
    const double holdout = config.holdout ? config.holdout->days : std::min(span / 3, 365.25);
    calibration_end = observation_end - static_cast<Day>(std::lround(holdout));
  }
  if (calibration_end <= log_min || calibration_end >= observation_end) {
    throw Error(ErrorKind::kConfig,
                fmt::format("the calibration end {} must fall between the first purchase ({}) and the observation end "
                            "({}): set period.calibration_end or period.holdout",
                            core::FormatDay(calibration_end), core::FormatDay(log_min), core::FormatDay(observation_end)))
        .At(config.config_path);
  }
  summary::SummaryOptions full_options;
  full_options.unit = unit;
  full_options.observation_end = observation_end;
  full_options.threads = threads;
  summary::SummaryOptions cal_options = full_options;
  cal_options.calibration_end = calibration_end;
  const summary::CustomerSummary S = summary::Summarize(log, full_options);
  if (S.size() == 0) throw Error(ErrorKind::kInput, fmt::format("{}: no customer bought before the observation end", paths.front()));
  if (S.days_cancelled_same_day > 0) {
    R.notes.push_back(fmt::format("{} purchase day{} cancelled by returns of the same day: no purchase occasion",
                                  S.days_cancelled_same_day, S.days_cancelled_same_day == 1 ? "" : "s"));
  }
  const size_t n = S.size();
  std::vector<std::string> ids(n);
  std::vector<uint32_t> row_of(log.ids.size(), kNone);
  for (size_t i = 0; i < n; ++i) {
    ids[i] = std::string(log.ids.Get(S.customer[i]));
    row_of[S.customer[i]] = static_cast<uint32_t>(i);
  }
  say(fmt::format("{} rows, {} customers, {} to {}", log.rows(), n, core::FormatDay(log_min), core::FormatDay(observation_end)));

  // 2. The purchase model.
  results::ModelSection& M = R.model;
  M.time_unit = summary::UnitName(unit);
  M.penalizer = config.penalizer;
  M.calibration_end = core::FormatDay(calibration_end);
  M.observation_end = core::FormatDay(observation_end);
  std::vector<std::string> candidates = config.model == "auto" ? config.candidates : std::vector<std::string>{config.model};
  {
    const summary::CustomerSummary selection = SelectionSummary(log, cal_options, config.selection_sample);
    M.selection_customers = selection.size();
    const model::Observations obs = model::SummaryObservations(selection);
    std::vector<model::FittedCandidate> fitted;
    std::vector<std::string> failures;
    for (const auto& name : candidates) {
      say(fmt::format("fitting {} on {} customers up to {}", name, selection.size(), M.calibration_end));
      try {
        model::FitOptions fit_options;
        fit_options.penalizer = config.penalizer;
        fit_options.threads = threads;
        model::FittedCandidate f{name, model::Fit(*model::FindModel(name).make(), obs, fit_options), {}};
        const model::SavedModel saved{f.fit, M.time_unit, config.penalizer};
        f.validation = model::Validate(*model::MakePredictor(saved), selection, threads);
        fitted.push_back(std::move(f));
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::kFit) throw;
        failures.push_back(fmt::format("{}: {}", name, e.message()));
      }
    }
    if (fitted.empty()) {
      throw Error(ErrorKind::kFit, fmt::format("no purchase model could be fitted: {}", fmt::join(failures, "; ")));
    }
    for (const auto& f : failures) R.notes.push_back("model not fitted: " + f);
    const std::vector<double> actual(selection.frequency_holdout.begin(), selection.frequency_holdout.end());
    const model::Choice choice = model::ChooseModel(fitted, actual);
    const model::FittedCandidate& best = fitted[choice.order.front()];
    M.chosen = best.model;
    M.validation = best.validation;
    M.validation.predicted.clear();
    M.validation.predicted.shrink_to_fit();
    if (config.model != "auto") {
      M.reason = fmt::format("set in winnow.toml (model.name = \"{}\")", config.model);
    } else {
      M.reason = fmt::format("{}; {} customers, calibration to {}, holdout to {}", choice.reason, selection.size(),
                             M.calibration_end, M.observation_end);
    }
    M.warnings = choice.warnings;
    for (size_t k : choice.order) {
      const model::FittedCandidate& f = fitted[k];
      for (const auto& w : f.fit.warnings) M.warnings.push_back({w.code, fmt::format("calibration fit: {}", w.message)});
      M.candidates.push_back({f.model, f.fit, f.validation.metrics, static_cast<bool>(choice.tied[k])});
    }
  }
  say(fmt::format("refitting {} on {} customers over the whole period, and Gamma-Gamma", M.chosen,
                  config.fit_sample > 0 ? std::min<uint64_t>(n, config.fit_sample) : n));
  model::FitOptions fit_options;
  fit_options.penalizer = config.penalizer;
  fit_options.threads = threads;
  fit_options.start = M.candidates.front().fit.params;  // the calibration estimates: a close start
  M.purchase = model::Fit(*model::FindModel(M.chosen).make(), SampleObservations(S, config.fit_sample), fit_options);
  const model::SavedModel purchase{M.purchase, M.time_unit, config.penalizer};
  say("fitting Gamma-Gamma");
  // Gamma-Gamma on the repeat buyers, a deterministic sample of at most model.fit_sample of them.
  const model::Observations spend_obs =
      SampleObservations(S, config.fit_sample, [&](size_t k) { return S.frequency[k] > 0; });
  if (spend_obs.size() == 0) {
    throw Error(ErrorKind::kFit, "no customer has a repeat purchase: the spend model (Gamma-Gamma) cannot be fitted");
  }
  model::FitOptions gg_options;
  gg_options.threads = threads;
  M.spend = model::Fit(*model::FindModel("gg").make(), spend_obs, gg_options);
  const model::SavedModel spend_model{M.spend, M.time_unit, 0};
  for (const auto& w : M.purchase.warnings) M.warnings.push_back(w);
  for (const auto& w : M.spend.warnings) M.warnings.push_back(w);
  if (!M.purchase.message.empty()) R.notes.push_back(fmt::format("{} fit: {}", M.chosen, M.purchase.message));
  if (!M.spend.message.empty()) R.notes.push_back("Gamma-Gamma fit: " + M.spend.message);
  const model::GammaGammaParams gg{spend_model.Param("p"), spend_model.Param("q"), spend_model.Param("gamma")};
  if (!(gg.q > 1)) {
    throw Error(ErrorKind::kFit, fmt::format("Gamma-Gamma q = {:.4g} <= 1: the mean spend is not finite; the spend data "
                                             "are too heavy-tailed for the model",
                                             gg.q));
  }

  // 3. Value.
  say("scoring customers");
  const auto predictor = model::MakePredictor(purchase);
  value::ValueOptions vo;
  vo.horizon = config.horizon.days / unit_days;
  vo.discount_rate = value::RatePerUnit(config.annual_discount_rate, unit_days);
  vo.margin = config.margin;
  vo.lookahead = config.alert_lookahead.days / unit_days;
  vo.year = 365.25 / unit_days;
  vo.r = purchase.Param("r");
  vo.alpha = purchase.Param("alpha");
  vo.threads = threads;
  const value::CustomerValues V = value::ScoreCustomers(*predictor, gg, S, vo, ids);
  {
    double repeat = 0, near_one = 0;
    for (size_t i = 0; i < n; ++i) {
      if (S.frequency[i] == 0) continue;
      repeat += 1;
      near_one += V.p_alive[i] > 0.99;
    }
    for (auto& w : model::AliveWarnings(M.chosen, repeat, near_one)) M.warnings.push_back(std::move(w));
  }
  if (config.strict && !M.warnings.empty()) {
    std::vector<std::string> lines;
    for (const auto& w : M.warnings) lines.push_back(fmt::format("[{}] {}", w.code, w.message));
    throw Error(ErrorKind::kInput, fmt::format("strict: {} warning{} about the fit, nothing written:\n  {}",
                                               M.warnings.size(), M.warnings.size() == 1 ? "" : "s",
                                               fmt::join(lines, "\n  ")))
        .Hint("the data do not support the model as fitted; drop --strict (or [run] strict) to write the results "
              "with the warnings in them");
  }
  R.horizon_days = config.horizon.days;
  R.annual_discount_rate = config.annual_discount_rate;
  R.margin = config.margin;
  R.currency_note = fmt::format("margin {} x expected spend x expected purchases over {} discounted at {} a year; "
                                "in the currency of the amounts",
                                config.margin, config.horizon.text, config.annual_discount_rate);

  std::vector<double> exposure(n), revenue(n);
  for (size_t i = 0; i < n; ++i) {
    exposure[i] = (observation_end - S.first_day[i]) / unit_days;
    revenue[i] = S.total_revenue[i];
  }
  value::ReferralInput referral_input;
  R.referrals.attribution = config.referral_attribution;
  if (!config.referrals.empty()) {
    const std::string path = config.Resolve(config.referrals);
    const std::vector<std::string> columns = {"referrer_id", "referred_id", "date"};
    const io::CsvTable table = io::CsvTable::Read(path, columns, columns);
    table.Require(columns);
    const auto referrer = table.Strings("referrer_id"), referred = table.Strings("referred_id"),
               dates = table.Strings("date");
    const core::DateParser parser = core::DateParser::FromPattern(config.date_format);
    std::vector<uint64_t> referred_line(n, 0);
    for (size_t k = 0; k < table.rows(); ++k) {
      const int64_t line = static_cast<int64_t>(table.Line(k));
      Day day = 0;
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
        ++R.referrals.skipped;
        continue;
      }
      const uint32_t a = log.ids.Find(referrer[k]), b = log.ids.Find(referred[k]);
      const uint32_t ra = a == io::IdTable::kNotFound ? kNone : row_of[a];
      const uint32_t rb = b == io::IdTable::kNotFound ? kNone : row_of[b];
      if (ra == kNone || rb == kNone) {  // no purchase by the observation end: nothing to credit or score
        ++R.referrals.skipped;
        continue;
      }
      if (referred_line[rb] != 0) {
        throw Error(ErrorKind::kInput, fmt::format("customer \"{}\" is referred twice (first on line {})",
                                                   core::Printable(referred[k]), referred_line[rb]))
            .At(path, line, static_cast<int64_t>(table.FieldOf("referred_id")))
            .Field("referred_id");
      }
      referred_line[rb] = static_cast<uint64_t>(line);
      referral_input.referrer.push_back(ra);
      referral_input.referred.push_back(rb);
    }
    if (R.referrals.skipped > 0) {
      R.notes.push_back(fmt::format("{} referrals left out: dated after the observation end, or the referrer or the "
                                    "referred customer has no purchase by then",
                                    R.referrals.skipped));
    }
  }
  value::ReferralOptions ro;
  ro.attribution = config.referral_attribution;
  ro.margin = config.margin;
  ro.horizon = vo.horizon;
  ro.discount_rate = vo.discount_rate;
  const value::ReferralValues RV = value::ComputeReferralValues(referral_input, exposure, revenue, V.clv, V.p_alive, ro);
  R.referrals.referrals = RV.referral_count;
  R.referrals.population_rate = RV.population_rate;
  R.referrals.prior_shape = RV.prior_shape;
  R.referrals.typical_referred_value = RV.typical_referred_value;
  std::vector<double> total(n);
  for (size_t i = 0; i < n; ++i) total[i] = V.clv[i] + RV.total[i];

  say("referral value done; accounts, tiers, alerts, reference customers");
  value::AccountTable accounts;
  value::AccountTree tree;
  std::vector<uint32_t> account_of(n, kNone);  // customer row -> account row
  std::vector<double> potential(n, kNaN), upside(n, kNaN), share_of_wallet(n, kNaN);
  if (!config.customers.empty() || !config.parent_column.empty()) {
    if (!config.customers.empty()) {
      accounts = value::ReadAccountTable(config.Resolve(config.customers), config.decimal_comma, config.parent_column);
      value::CheckSharedIds(accounts, ids, fmt::format("the log ({})", fmt::join(paths, ", ")));
    }
    if (!config.parent_column.empty()) {
      for (auto& note : value::AddParentLevelFrom(log, ids, config.parent_column, &accounts)) R.notes.push_back(note);
    }
    tree = value::BuildAccountTree(accounts);
    for (size_t a = 0; a < accounts.size(); ++a) {
      const uint32_t id = log.ids.Find(accounts.id[a]);
      const uint32_t row = id == io::IdTable::kNotFound ? kNone : row_of[id];
      if (row == kNone) {
        if (tree.children[a] == 0 && std::isfinite(accounts.potential[a])) ++R.prospects;
        continue;
      }
      account_of[row] = static_cast<uint32_t>(a);
      potential[row] = accounts.potential[a];
    }
    R.accounts = accounts.size();
    for (uint32_t c : tree.children) R.parent_accounts += c > 0;
    for (size_t i = 0; i < n; ++i) {
      if (account_of[i] == kNone) ++R.unlisted_customers;
      if (std::isfinite(potential[i])) {
        upside[i] = potential[i] - V.annual_revenue[i];
        share_of_wallet[i] = potential[i] > 0 ? V.annual_revenue[i] / potential[i] : kNaN;
      }
    }
    if (R.unlisted_customers > 0 && !config.customers.empty()) {
      R.notes.push_back(fmt::format("{} customers of the log are not in {}: they have no type, region, owner or parent",
                                    R.unlisted_customers, config.customers));
    }
  }

  // 4. Tiers, key accounts, RFM, concentration.
  const std::vector<uint32_t> ranked = segment::RankByValue(total);
  const std::vector<uint8_t> tier = segment::AssignTiers(total, config.tier_cuts, ranked);
  R.tier_names = config.tier_names;
  R.tier_cuts = config.tier_cuts;
  R.key_top_value = config.key_top_value;
  R.key_top_upside = config.key_top_upside;
  R.alert_p_alive_below = config.alert_p_alive_below;
  R.alert_overdue_factor = config.alert_overdue_factor;
  R.alert_lookahead_days = config.alert_lookahead.days;
  R.alert_tiers = config.alert_tiers;
  R.tiers = segment::SummarizeTiers(total, tier, config.tier_names);
  R.lorenz = segment::ConcentrationCurve(total, ranked);
  R.clv_distribution = results::LogHistogram(V.clv);
  {
    std::vector<double> freq(n), share(n);
    for (size_t i = 0; i < n; ++i) {
      freq[i] = S.frequency[i];
      const double T = S.age(i);
      share[i] = T > 0 ? S.recency(i) / T : 1.0;
    }
    R.p_alive_heatmap = results::PAliveHeatmap(freq, share, V.p_alive);
  }
  const std::vector<uint8_t> key_value = segment::FlagTop(total, config.key_top_value, ranked);
  std::vector<double> upside_rank(n, 0);
  bool any_potential = false;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(upside[i])) upside_rank[i] = upside[i], any_potential = true;
  }
  const std::vector<uint8_t> key_upside =
      any_potential ? segment::FlagTop(upside_rank, config.key_top_upside) : std::vector<uint8_t>(n, 0);
  std::vector<double> recency_days(n), occasions(n), mean_order(n);
  for (size_t i = 0; i < n; ++i) {
    recency_days[i] = -static_cast<double>(observation_end - S.last_day[i]);
    occasions[i] = S.frequency[i] + 1.0;
    mean_order[i] = S.total_revenue[i] / occasions[i];
  }
  const auto r_score = segment::QuintileScores(recency_days), f_score = segment::QuintileScores(occasions),
             m_score = segment::QuintileScores(mean_order);

  // Alerts.
  std::vector<double> days_since(n), gap_days(n);
  for (size_t i = 0; i < n; ++i) {
    days_since[i] = observation_end - S.last_day[i];
    gap_days[i] = V.expected_gap[i] * unit_days;
  }
  segment::AlertOptions ao;
  ao.p_alive_below = config.alert_p_alive_below;
  ao.overdue_factor = config.alert_overdue_factor;
  for (const auto& t : config.alert_tiers) {
    ao.tiers.push_back(static_cast<uint8_t>(std::find(config.tier_names.begin(), config.tier_names.end(), t) -
                                            config.tier_names.begin()));
  }
  const std::vector<segment::Alert> alerts =
      segment::FindAlerts({&V.p_alive, &days_since, &gap_days, &V.clv, &tier}, ao);
  std::vector<uint32_t> alert_index(n, kNone);
  for (size_t k = 0; k < alerts.size(); ++k) alert_index[alerts[k].row] = static_cast<uint32_t>(k);

  auto field = [&](const std::vector<std::string>& column, size_t row) -> const std::string& {
    static const std::string empty;
    return account_of[row] == kNone ? empty : column[account_of[row]];
  };
  auto parent_id = [&](size_t row) -> const std::string& {
    static const std::string empty;
    return account_of[row] == kNone ? empty : accounts.parent_id[account_of[row]];
  };

  say("reference customers");
  std::vector<std::string> segment_label(n);
  std::vector<std::string> segment_by = config.reference_segment_by;
  const bool needs_table = std::any_of(segment_by.begin(), segment_by.end(), [](const std::string& f) { return f != "tier"; });
  if (needs_table && config.customers.empty()) {
    segment_by = {"tier"};
    R.notes.push_back("reference customers are segmented by tier: there is no customers table for type, region or owner");
  }
  for (size_t i = 0; i < n; ++i) {
    std::string label;
    for (const auto& f : segment_by) {
      if (!label.empty()) label += " / ";
      if (f == "tier") {
        label += config.tier_names[tier[i]];
      } else {
        const std::string& v = f == "type" ? field(accounts.type, i) : f == "region" ? field(accounts.region, i) : field(accounts.owner, i);
        label += v.empty() ? "(none)" : v;
      }
    }
    segment_label[i] = std::move(label);
  }
  std::vector<uint32_t> row_customer(log.rows());
  for (size_t r = 0; r < log.rows(); ++r) {
    const uint32_t row = row_of[log.customer[r]];
    row_customer[r] = (row != kNone && log.day[r] <= observation_end) ? row : kNone;
  }
  const segment::GapStats gaps = segment::ComputeGapStats(n, row_customer, log.day, log.amount);
  say("gaps between purchases done");
  std::vector<double> tenure(n);
  for (size_t i = 0; i < n; ++i) tenure[i] = observation_end - S.first_day[i];
  segment::ReferenceOptions refo;
  refo.per_segment = config.reference_per_segment;
  refo.min_p_alive = config.reference_min_p_alive;
  refo.min_tenure_days = config.reference_min_tenure.days;
  refo.min_purchases = config.reference_min_purchases;
  refo.max_gap_cv = config.reference_max_gap_cv;
  const std::vector<segment::ReferenceCustomer> references =
      segment::FindReferenceCustomers({&segment_label, &V.p_alive, &tenure, &revenue, &gaps}, refo);

  say("reference customers done");
  // Evaluation against the truth.
  std::vector<double> last_year(n, 0);
  for (size_t r = 0; r < log.rows(); ++r) {
    const uint32_t row = row_customer[r];
    if (row != kNone && log.day[r] > observation_end - 365 && log.has_amount) last_year[row] += log.amount[r];
  }
  if (!config.truth.empty()) {
    say("checking the value ranking against " + config.truth);
    const std::string path = config.Resolve(config.truth);
    const io::CsvTable table = io::CsvTable::Read(path, {"customer_id", "alive", "future_purchases", "future_revenue"});
    table.Require({"customer_id", "alive", "future_revenue"});
    const auto truth_ids = table.Strings("customer_id");
    const auto alive = table.Numbers("alive"), future = table.Numbers("future_revenue");
    std::vector<double> realized(n, 0);
    std::vector<int8_t> truly_alive(n, -1);
    for (size_t k = 0; k < table.rows(); ++k) {
      const uint32_t id = log.ids.Find(truth_ids[k]);
      const uint32_t row = id == io::IdTable::kNotFound ? kNone : row_of[id];
      if (row == kNone) continue;
      realized[row] = config.margin * future[k];
      truly_alive[row] = alive[k] > 0.5 ? 1 : 0;
    }
    results::Evaluation e;
    e.truth_file = config.truth;
    e.window_days = config.evaluation_window.days;
    e.customers = n;
    for (double v : realized) e.realized_total += v;
    e.winnow = segment::MeasureRanking(V.clv, realized);
    e.naive = segment::MeasureRanking(last_year, realized);
    uint64_t known = 0, right = 0;
    for (size_t i = 0; i < n; ++i) {
      if (truly_alive[i] < 0) continue;
      ++known;
      right += (V.p_alive[i] >= 0.5) == (truly_alive[i] == 1);
    }
    e.alive_accuracy = known ? static_cast<double>(right) / static_cast<double>(known) : 0;
    R.evaluation = e;
  }

  // Roll-up of the values to the parents, on up.
  const size_t m = accounts.size();
  std::vector<double> own_clv(m, 0), own_ref(m, 0), own_total(m, 0), own_rev(m, 0), own_risk(m, 0), own_buyers(m, 0),
      own_alerts(m, 0);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t a = account_of[i];
    if (a == kNone) continue;
    own_clv[a] = V.clv[i];
    own_ref[a] = RV.total[i];
    own_total[a] = total[i];
    own_rev[a] = V.annual_revenue[i];
    own_risk[a] = alert_index[i] == kNone ? 0 : alerts[alert_index[i]].value_at_risk;
    own_alerts[a] = alert_index[i] == kNone ? 0 : 1;
    own_buyers[a] = 1;
  }
  const auto acc_clv = value::RollUp(tree, own_clv), acc_ref = value::RollUp(tree, own_ref),
             acc_total = value::RollUp(tree, own_total), acc_rev = value::RollUp(tree, own_rev),
             acc_risk = value::RollUp(tree, own_risk), acc_buyers = value::RollUp(tree, own_buyers),
             acc_alerts = value::RollUp(tree, own_alerts);
  // Potentials: own when given, else the sum of the children's known potentials.
  std::vector<double> acc_pot(m, kNaN), child_sum(m, 0);
  std::vector<uint8_t> child_known(m, 0);
  for (uint32_t a : tree.order) {
    acc_pot[a] = std::isfinite(accounts.potential[a]) ? accounts.potential[a] : (child_known[a] ? child_sum[a] : kNaN);
    if (tree.parent[a] >= 0 && std::isfinite(acc_pot[a])) {
      child_sum[tree.parent[a]] += acc_pot[a];
      child_known[tree.parent[a]] = 1;
    }
  }
  const std::vector<uint32_t> account_order = segment::RankByValue(acc_total);
  // accounts.csv lists the parents (with their subtree's values) and the accounts without
  // purchases (prospects, with their upside); a buying customer's own row is in customers.csv.
  std::vector<uint8_t> buying(m, 0);
  for (size_t i = 0; i < n; ++i) {
    if (account_of[i] != kNone) buying[account_of[i]] = 1;
  }
  std::vector<uint32_t> listed_accounts;
  for (uint32_t a : account_order) {
    if (tree.children[a] > 0 || !buying[a]) listed_accounts.push_back(a);
  }
  auto account_row = [&](uint32_t a) {
    results::AccountRow row;
    row.account_id = accounts.id[a];
    row.name = accounts.name[a];
    row.type = accounts.type[a];
    row.region = accounts.region[a];
    row.owner = accounts.owner[a];
    row.level = tree.depth[a];
    row.children = tree.children[a];
    row.customers = static_cast<uint64_t>(acc_buyers[a]);
    row.total_value = acc_total[a];
    row.annual_revenue = acc_rev[a];
    row.potential = acc_pot[a];
    row.share_of_wallet = std::isfinite(acc_pot[a]) && acc_pot[a] > 0 ? acc_rev[a] / acc_pot[a] : kNaN;
    row.upside = std::isfinite(acc_pot[a]) ? acc_pot[a] - acc_rev[a] : kNaN;
    row.value_at_risk = acc_risk[a];
    row.alerts = static_cast<uint64_t>(acc_alerts[a]);
    return row;
  };
  for (uint32_t a : account_order) {
    if (R.top_parent_accounts.size() == 50) break;
    if (tree.children[a] > 0) R.top_parent_accounts.push_back(account_row(a));
  }
  {
    std::vector<double> acc_upside(m, 0);
    for (size_t a = 0; a < m; ++a) {
      if (std::isfinite(acc_pot[a]) && tree.children[a] == 0) acc_upside[a] = acc_pot[a] - acc_rev[a];
    }
    for (uint32_t a : segment::RankByValue(acc_upside)) {
      if (R.top_upside_accounts.size() == 50 || !(acc_upside[a] > 0)) break;
      R.top_upside_accounts.push_back(account_row(a));
    }
  }

  say("headline");
  // Headline.
  results::Headline& H = R.headline;
  H.customers = n;
  for (size_t i = 0; i < n; ++i) {
    H.total_value += total[i];
    H.total_clv += V.clv[i];
    H.total_referral_value += RV.total[i];
    H.key_accounts += key_value[i] || key_upside[i];
  }
  H.top20_share = segment::TopShare(total, ranked, 0.2);
  H.gini = segment::Gini(total, ranked);
  H.first_tier = config.tier_names.front();
  H.first_tier_customers = R.tiers.front().customers;
  H.alerts = alerts.size();
  for (const auto& a : alerts) H.value_at_risk += a.value_at_risk;
  auto key_reason = [&](size_t i) -> std::string_view {
    if (key_value[i] && key_upside[i]) return "value+upside";
    if (key_value[i]) return "value";
    return key_upside[i] ? "upside" : "";
  };
  for (size_t k = 0; k < std::min<size_t>(100, n); ++k) {
    const size_t i = ranked[k];
    R.top_customers.push_back({ids[i], field(accounts.name, i), field(accounts.type, i), field(accounts.region, i),
                               field(accounts.owner, i), config.tier_names[tier[i]], total[i], V.clv[i], RV.total[i],
                               V.p_alive[i], V.annual_revenue[i], upside[i], key_value[i] || key_upside[i]});
  }

  for (size_t k = 0; k < std::min<size_t>(alerts.size(), R.top_alerts_limit); ++k) {
    const auto& a = alerts[k];
    const size_t i = a.row;
    R.top_alerts.push_back({ids[i], field(accounts.name, i), field(accounts.type, i), field(accounts.region, i),
                            field(accounts.owner, i), config.tier_names[tier[i]], a.Reason(), V.p_alive[i],
                            days_since[i], gap_days[i], a.overdue_ratio, V.expected_next[i], V.clv[i], total[i],
                            a.value_at_risk});
  }
  for (const auto& c : references) {
    const size_t i = c.row;
    results::ReferenceRow row;
    row.segment = c.segment;
    row.customer_id = ids[i];
    row.name = field(accounts.name, i);
    row.type = field(accounts.type, i);
    row.region = field(accounts.region, i);
    row.owner = field(accounts.owner, i);
    row.tier = config.tier_names[tier[i]];
    row.rank = c.rank;
    row.p_alive = V.p_alive[i];
    row.tenure_days = tenure[i];
    row.purchases = gaps.occasions[i];
    row.gap_cv = gaps.gap_cv[i];
    row.revenue_per_year = c.revenue_per_year;
    row.segment_median_revenue_per_year = c.segment_median_revenue_per_year;
    row.distance = c.distance;
    row.segment_customers = c.segment_customers;
    row.segment_loyal = c.segment_loyal;
    R.reference_customers.push_back(std::move(row));
  }

  // The plausibility guard: nothing is written when a number cannot be right.
  value::Plausibility plausible;
  {
    std::vector<double> tenure_days(n);
    for (size_t i = 0; i < n; ++i) tenure_days[i] = observation_end - S.first_day[i];
    plausible = value::CheckPlausibility({&V, &S.total_revenue, &tenure_days, &ids});
    std::vector<double> shares;
    for (const auto& t : R.tiers) shares.push_back(t.value_share);
    value::CheckTotals(H.total_value, shares, config.tier_names, &plausible);
    if (!plausible.failures.empty()) {
      throw Error(ErrorKind::kInput, fmt::format("the results fail the plausibility guard, nothing written:\n  {}",
                                                 fmt::join(plausible.failures, "\n  ")))
          .Hint(M.warnings.empty() ? "please report this with the log: the model's predictions are out of range"
                                   : "see the warnings about the fit: a degenerate model predicts without bounds");
    }
    R.plausibility = {plausible.flagged, plausible.flagged_clv, plausible.base_rate, plausible.examples};
    if (plausible.flagged > 0) {
      R.notes.push_back(fmt::format("{} customers have an implausible predicted revenue (more than 10 times both their "
                                    "own revenue per year so far and the 99th percentile of the base's, {:.2f}); "
                                    "they are marked \"implausible\" in customers.csv (e.g. {})",
                                    plausible.flagged, plausible.base_rate, fmt::join(plausible.examples, "; ")));
    }
  }

  // 5. Outputs, all computed: written into a fresh folder beside out/, then swapped in whole.
  const std::string out_dir = config.Resolve(config.out_dir);
  io::OutputDir::Options dir_options = OutDirOptions(config);
  dir_options.say = say;
  auto done = [&](const std::string& name) {
    if (run_options.after_output) run_options.after_output(name);
  };
  dir_options.after_swap = [&] { done("swapped"); };
  say(fmt::format("writing {}", out_dir));
  io::OutputDir staged(out_dir, dir_options);
  auto out_path = [&](const char* name) {
    R.files.push_back(name);
    return staged.File(name);
  };
  {
    WriteCsv(out_path("customers.csv"),
        "customer_id,name,type,region,owner,parent_id,tier,key_account,rfm,total_value,clv,referral_value,p_alive,"
        "expected_purchases,expected_spend,dert,annual_revenue,potential,share_of_wallet,upside,referrals,"
        "referral_realized,referred_clv,referral_future,frequency,recency,T,first_purchase,last_purchase,revenue,"
        "days_since_last,expected_gap_days,overdue_ratio,value_at_risk,alert,plausibility",
        n, threads, [&](size_t k, CsvRow& csv) {
      // Rows go out in value order, so each field is a cache miss: fetch a later row's ahead.
      if (k + 12 < n) {
        const uint32_t ahead = ranked[k + 12];
        for (const std::vector<double>* column : std::initializer_list<const std::vector<double>*>
             {&total, &V.clv, &RV.total, &V.p_alive, &V.expected_purchases, &V.expected_spend, &V.dert, &V.annual_revenue,
              &potential, &share_of_wallet, &upside, &RV.realized, &RV.referred, &RV.future, &S.total_revenue,
              &days_since, &gap_days}) {
          __builtin_prefetch(column->data() + ahead);
        }
        __builtin_prefetch(S.frequency.data() + ahead);
        __builtin_prefetch(S.first_day.data() + ahead);
        __builtin_prefetch(S.last_day.data() + ahead);
        __builtin_prefetch(ids.data() + ahead);
        __builtin_prefetch(account_of.data() + ahead);
        __builtin_prefetch(tier.data() + ahead);
        __builtin_prefetch(alert_index.data() + ahead);
        __builtin_prefetch(RV.referrals.data() + ahead);
      }
      const uint32_t i = ranked[k];
      const double overdue = gap_days[i] > 0 ? days_since[i] / gap_days[i] : 0;
      csv.Text(ids[i]).Text(field(accounts.name, i)).Text(field(accounts.type, i)).Text(field(accounts.region, i));
      csv.Text(field(accounts.owner, i)).Text(parent_id(i)).Text(config.tier_names[tier[i]]).Text(key_reason(i));
      const char rfm[3] = {static_cast<char>('0' + r_score[i]), static_cast<char>('0' + f_score[i]),
                           static_cast<char>('0' + m_score[i])};
      csv.Text(std::string_view(rfm, 3));
      csv.Num(total[i]).Num(V.clv[i]).Num(RV.total[i]).Num(V.p_alive[i]).Num(V.expected_purchases[i]);
      csv.Num(V.expected_spend[i]).Num(V.dert[i]).Num(V.annual_revenue[i]).Num(potential[i]).Num(share_of_wallet[i]);
      csv.Num(upside[i]).Int(RV.referrals[i]).Num(RV.realized[i]).Num(RV.referred[i]).Num(RV.future[i]);
      csv.Int(S.frequency[i]).Num(S.recency(i)).Num(S.age(i)).Day(S.first_day[i]);
      csv.Day(S.last_day[i]).Num(S.total_revenue[i]).Num(days_since[i]).Num(gap_days[i]).Num(overdue);
      csv.Num(segment::ValueAtRisk(V.clv[i], V.p_alive[i]));
      csv.Text(alert_index[i] == kNone ? "" : alerts[alert_index[i]].Reason());
      csv.Text(plausible.implausible[i] ? "implausible" : "");
    });
  }
  done("customers.csv");
  {
    WriteCsv(out_path("alerts.csv"),
        "rank,customer_id,name,type,region,owner,tier,reason,p_alive,days_since_last,expected_gap_days,overdue_ratio,"
        "expected_purchases_next,lookahead_days,clv,total_value,value_at_risk",
        alerts.size(), threads, [&](size_t k, CsvRow& csv) {
      const auto& a = alerts[k];
      const size_t i = a.row;
      csv.Int(k + 1).Text(ids[i]).Text(field(accounts.name, i)).Text(field(accounts.type, i));
      csv.Text(field(accounts.region, i)).Text(field(accounts.owner, i)).Text(config.tier_names[tier[i]]).Text(a.Reason());
      csv.Num(V.p_alive[i]).Num(days_since[i]).Num(gap_days[i]).Num(a.overdue_ratio).Num(V.expected_next[i]);
      csv.Num(config.alert_lookahead.days).Num(V.clv[i]).Num(total[i]).Num(a.value_at_risk);
    });
  }
  done("alerts.csv");
  {
    WriteCsv(out_path("reference_customers.csv"),
        "segment,rank,customer_id,name,type,region,owner,tier,p_alive,tenure_days,purchases,gap_cv,revenue_per_year,"
        "segment_median_revenue_per_year,distance,segment_customers,segment_loyal",
        references.size(), threads, [&](size_t k, CsvRow& csv) {
      const auto& c = references[k];
      const size_t i = c.row;
      csv.Text(c.segment).Int(c.rank).Text(ids[i]).Text(field(accounts.name, i)).Text(field(accounts.type, i));
      csv.Text(field(accounts.region, i)).Text(field(accounts.owner, i)).Text(config.tier_names[tier[i]]);
      csv.Num(V.p_alive[i]).Num(tenure[i]).Int(gaps.occasions[i]).Num(gaps.gap_cv[i]).Num(c.revenue_per_year);
      csv.Num(c.segment_median_revenue_per_year).Num(c.distance).Int(c.segment_customers).Int(c.segment_loyal);
    });
  }
  done("reference_customers.csv");
  WriteCsv(out_path("accounts.csv"),
           "account_id,name,type,region,owner,parent_id,level,children,customers,clv,referral_value,total_value,"
           "annual_revenue,potential,share_of_wallet,upside,value_at_risk,alerts",
           listed_accounts.size(), threads, [&](size_t k, CsvRow& csv) {
    if (k + 12 < listed_accounts.size()) {
      const uint32_t ahead = listed_accounts[k + 12];
      for (const std::vector<std::string>* column : {&accounts.id, &accounts.name, &accounts.type, &accounts.region,
                                                      &accounts.owner, &accounts.parent_id}) {
        __builtin_prefetch(column->data() + ahead);
      }
      for (const std::vector<double>* column : std::initializer_list<const std::vector<double>*>{&acc_clv, &acc_ref, &acc_total, &acc_rev, &acc_pot, &acc_risk, &acc_buyers,
                                                 &acc_alerts}) {
        __builtin_prefetch(column->data() + ahead);
      }
    }
    const uint32_t a = listed_accounts[k];
    const double pot = acc_pot[a], rev = acc_rev[a];
    csv.Text(accounts.id[a]).Text(accounts.name[a]).Text(accounts.type[a]).Text(accounts.region[a]);
    csv.Text(accounts.owner[a]).Text(accounts.parent_id[a]).Int(tree.depth[a]).Int(tree.children[a]);
    csv.Int(static_cast<uint64_t>(acc_buyers[a])).Num(acc_clv[a]).Num(acc_ref[a]).Num(acc_total[a]).Num(rev).Num(pot);
    csv.Num(std::isfinite(pot) && pot > 0 ? rev / pot : kNaN).Num(std::isfinite(pot) ? pot - rev : kNaN);
    csv.Num(acc_risk[a]).Int(static_cast<uint64_t>(acc_alerts[a]));
  });
  done("accounts.csv");
  model::WriteModelJson(purchase, out_path("model.json"));
  done("model.json");
  model::WriteModelJson(spend_model, out_path("spend_model.json"));
  done("spend_model.json");
  R.files.push_back("results.json");
  {
    io::OutputFile file(staged.File("results.json"));
    file.Write(results::ToJson(R));
    file.Commit();
  }
  done("results.json");
  if (run_options.more_outputs) {
    for (const std::string& name : run_options.more_outputs(staged.staging())) {
      R.files.push_back(name);
      done(name);
    }
  }
  staged.Commit();
  outcome.out_dir = out_dir;
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

std::string FormatRunSummary(const RunOutcome& o) {
  const results::Results& r = o.results;
  const results::Headline& h = r.headline;
  std::string s;
  auto add = [&](const std::string& line) { s += line + "\n"; };
  add(fmt::format("customers        {}", h.customers));
  add(fmt::format("model            {} ({})", r.model.chosen, r.model.reason));
  add(fmt::format("total value      {:.2f} (CLV {:.2f} + referral value {:.2f})", h.total_value, h.total_clv,
                  h.total_referral_value));
  add(fmt::format("concentration    top 20 % of customers hold {:.1f} % of the value; Gini {:.3f}", 100 * h.top20_share,
                  h.gini));
  std::vector<std::string> tiers;
  for (const auto& t : r.tiers) {
    tiers.push_back(fmt::format("{} {} ({:.1f} % of value)", t.name, t.customers, 100 * t.value_share));
  }
  add(fmt::format("tiers            {}", fmt::join(tiers, ", ")));
  add(fmt::format("key accounts     {}", h.key_accounts));
  add(fmt::format("alerts           {} customers, value at risk {:.2f}", h.alerts, h.value_at_risk));
  if (r.evaluation) {
    const auto& e = *r.evaluation;
    add(fmt::format("check vs truth   top 20 % by CLV capture {:.1f} % of realized value (naive last-year revenue: "
                    "{:.1f} %); Spearman {:.3f} vs {:.3f}",
                    100 * e.winnow.top_capture, 100 * e.naive.top_capture, e.winnow.spearman, e.naive.spearman));
  }
  for (const auto& w : r.model.warnings) add(fmt::format("warning: [{}] {}", w.code, w.message));
  for (const auto& note : r.notes) add("note: " + note);
  add(fmt::format("wrote {} to {} in {:.2f} s", fmt::join(r.files, ", "), o.out_dir, o.seconds));
  return s;
}

}  // namespace winnow::project
