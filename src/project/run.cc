#include "project/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "io/byte_source.h"
#include "io/output_dir.h"
#include "io/output_file.h"
#include "io/transaction_reader.h"
#include "model/predict.h"
#include "project/stages/account_views.h"
#include "project/stages/accounts.h"
#include "project/stages/alerts.h"
#include "project/stages/check.h"
#include "project/stages/choose_model.h"
#include "project/stages/computed.h"
#include "project/stages/evaluate.h"
#include "project/stages/experts.h"
#include "project/stages/fit_models.h"
#include "project/stages/headline.h"
#include "project/stages/ingest.h"
#include "project/stages/plan.h"
#include "project/stages/reference.h"
#include "project/stages/referrals.h"
#include "project/stages/rollup.h"
#include "project/stages/score.h"
#include "project/stages/tiers.h"
#include "project/stages/write.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

bool IsRunOutput(std::string_view name) {
  for (const char* output : {"customers.csv", "accounts.csv", "alerts.csv", "reference_customers.csv", "plan.csv",
                             "rep_plans", "experts.csv", "expert_network.csv", "model.json", "spend_model.json",
                             "results.json", "report.html"}) {
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

namespace {

// The settings results.json repeats for its readers (the report and the dashboard).
void RecordSettings(const ProjectConfig& config, results::Results* R) {
  R->winnow_version = WINNOW_VERSION;
  R->project_dir = config.dir;
  R->horizon_days = config.horizon.days;
  R->annual_discount_rate = config.annual_discount_rate;
  R->margin = config.margin;
  R->currency_note = fmt::format("margin {} x expected spend x expected purchases over {} discounted at {} a year; "
                                 "in the currency of the amounts",
                                 config.margin, config.horizon.text, config.annual_discount_rate);
  R->tier_names = config.tier_names;
  R->tier_cuts = config.tier_cuts;
  R->key_top_value = config.key_top_value;
  R->key_top_upside = config.key_top_upside;
  R->alert_p_alive_below = config.alert_p_alive_below;
  R->alert_lost_below = config.alert_lost_below;
  R->rank_by = config.rank_by;
  R->report_locale = config.report_locale;
  R->report_currency = config.report_currency;
  R->report_title = config.report_title;
  R->report_client = config.report_client;
  R->alert_overdue_factor = config.alert_overdue_factor;
  R->alert_lookahead_days = config.alert_lookahead.days;
  R->alert_tiers = config.alert_tiers;
}

segment::ReferenceOptions ReferenceOptionsOf(const ProjectConfig& config) {
  segment::ReferenceOptions o;
  o.per_segment = config.reference_per_segment;
  o.min_p_alive = config.reference_min_p_alive;
  o.min_tenure_days = config.reference_min_tenure.days;
  o.min_purchases = config.reference_min_purchases;
  o.max_gap_cv = config.reference_max_gap_cv;
  return o;
}

}  // namespace

RunOutcome RunProject(const ProjectConfig& config, const RunOptions& run_options) {
  const auto started = std::chrono::steady_clock::now();
  const Say& say = run_options.say;
  RunOutcome outcome;
  results::Results& R = outcome.results;
  RecordSettings(config, &R);
  auto note = [&](const std::vector<std::string>& notes) { R.notes.insert(R.notes.end(), notes.begin(), notes.end()); };
  // Before any work: out/ is a folder winnow may replace as a whole.
  io::OutputDir::Check(config.Resolve(config.out_dir), OutDirOptions(config));

  // 1. The log and its summary.
  Ingested in = Ingest({&config, say});
  R.skipped_rows = in.skipped_rows;
  R.skipped_by_reason = in.skipped_by_reason;
  note(in.notes);
  const RunPeriod& period = in.period;

  // 2-3. The purchase model: chosen on the calibration period, refitted on the whole; spend.
  results::ModelSection& M = R.model;
  {
    ModelChoice choice = ChooseModel({&in.log, in.calibration_options, config.model, config.candidates,
                                      config.penalizer, config.selection_sample, config.threads,
                                      summary::UnitName(period.unit), core::FormatDay(period.calibration_end),
                                      core::FormatDay(period.observation_end), say});
    M = std::move(choice.section);
    note(choice.notes);
  }
  const FittedModels models = FitModels({&in.summary, M.chosen, M.candidates.front().fit.params, config.penalizer,
                                         config.fit_sample, config.threads, M.time_unit, say});
  M.purchase = models.purchase.fit;
  M.spend = models.spend.fit;
  M.warnings.insert(M.warnings.end(), models.warnings.begin(), models.warnings.end());
  note(models.notes);

  // 4. Value per customer.
  SayIf(say, "scoring customers");
  const Scores scores = Score({&in.summary, &in.ids, &models.purchase, models.gg, period.unit_days, config.horizon.days,
                               config.annual_discount_rate, config.margin, config.alert_lookahead.days, config.threads,
                               config.plan.reps.empty() ? 0 : config.plan.period.days});
  const value::CustomerValues& V = scores.values;
  // The scoring's warnings first: "p_alive_near_one" says in plain words what the fits' technical
  // warnings (boundary, not identified) mean for the lists.
  M.warnings.insert(M.warnings.begin(), scores.warnings.begin(), scores.warnings.end());
  if (config.strict) RefuseWarnings(M.warnings);

  // 5. Referral value.
  const Referrals referrals =
      ComputeReferrals({&in, &V, config.referrals.empty() ? "" : config.Resolve(config.referrals), config.date_format,
                        config.referral_incremental_share, config.rank_by == "clv+referral", config.margin,
                        scores.options.horizon, scores.options.discount_rate});
  R.referrals = referrals.section;
  note(referrals.notes);

  // 6. Accounts.
  SayIf(say, "referral value done; accounts, tiers, alerts, reference customers");
  const AccountLinks accounts =
      LinkAccounts({&in, &V.annual_revenue, config.customers.empty() ? "" : config.Resolve(config.customers),
                    config.customers, config.parent_column, config.decimal_comma});
  R.accounts = accounts.account_count;
  R.parent_accounts = accounts.parent_accounts;
  R.unlisted_customers = accounts.unlisted_customers;
  R.prospects = accounts.prospects;
  note(accounts.notes);

  // 7. Tiers, key accounts, RFM, concentration.
  const Tiering tiering = TierCustomers({&in.summary, &referrals.value, &V.clv, &V.p_alive, &accounts.upside,
                                         period.observation_end, config.tier_cuts, config.tier_names,
                                         config.key_top_value, config.key_top_upside, config.alert_lost_below});
  R.tiers = tiering.tiers;
  R.lorenz = tiering.lorenz;
  R.clv_distribution = tiering.clv_distribution;
  R.p_alive_heatmap = tiering.p_alive_heatmap;

  // 8. Alerts: at risk and recoverable, lost (win-back), new since the previous run.
  const std::vector<uint32_t> customer_of_log_row = in.CustomerOfLogRows();
  AlertList alerts;
  {
    const std::unique_ptr<model::PurchasePredictor> predictor = model::MakePredictor(models.purchase);
    AlertsInput ai;
    ai.ingested = &in;
    ai.customer_of_log_row = &customer_of_log_row;
    ai.values = &V;
    ai.predictor = predictor.get();
    ai.tier = &tiering.tier;
    ai.value = &referrals.value;
    ai.lost_upside = &tiering.lost_upside;
    ai.margin = config.margin;
    ai.horizon_days = config.horizon.days;
    ai.annual_discount_rate = config.annual_discount_rate;
    ai.p_alive_below = config.alert_p_alive_below;
    ai.lost_below = config.alert_lost_below;
    ai.overdue_factor = config.alert_overdue_factor;
    ai.lookahead_days = config.alert_lookahead.days;
    ai.alert_tiers = config.alert_tiers;
    ai.tier_names = config.tier_names;
    ai.previous_alerts = (std::filesystem::path(config.Resolve(config.out_dir)) / "alerts.csv").string();
    alerts = FindAlerts(ai);
  }
  note(alerts.notes);
  // A model that sees no churn cannot tell who is slipping away: say so where the alerts are read.
  for (const model::FitWarning& w : M.warnings) {
    if (w.code != "p_alive_near_one") continue;
    R.notes.insert(R.notes.begin(),
                   "alerts: the purchase model sees almost no churn (P(alive) near 1 for nearly everyone), so the "
                   "at-risk alerts come from overdue purchases alone, no customer counts as lost, and no contact-by "
                   "date can be given; read them as a list of overdue customers");
    break;
  }

  // 9. Reference customers.
  SayIf(say, "reference customers");
  const ReferenceList references =
      FindReferences({&in, &accounts, &alerts.gaps, &V.p_alive, &tiering.tier, config.tier_names,
                      config.reference_segment_by, !config.customers.empty(), ReferenceOptionsOf(config), say});
  note(references.notes);
  SayIf(say, "reference customers done");

  // 10. The check against the truth.
  R.evaluation = Evaluate({&in, &customer_of_log_row, &V.clv, &V.p_alive,
                           config.truth.empty() ? "" : config.Resolve(config.truth), config.truth,
                           config.evaluation_window.days, config.margin, say});

  // 11. The effort plan, when the project has reps.
  const EffortPlan plan = PlanEffort({&config, &in, &customer_of_log_row, &V, &accounts, &tiering, say});
  if (plan.planned) R.plan = plan.section;
  note(plan.notes);

  // 11b. The experts, when the project has them.
  const ExpertList experts = ScoreExpertsStage({&config, &accounts, say});
  if (experts.present) R.experts = experts.section;
  note(experts.notes);

  // 12. Roll-up of the values to the parents, on up.
  const Rollup rollup = RollUpAccounts({&accounts, &alerts, &V.clv, &referrals.values.total, &referrals.value,
                                        &V.annual_revenue});
  R.top_parent_accounts = rollup.top_parents;
  R.top_upside_accounts = rollup.top_upside;

  // 13. Headline and the lists of results.json.
  SayIf(say, "headline");
  const Computed computed{&in,     &models,     &scores, &referrals, &accounts, &tiering,
                          &alerts, &references, &rollup, &plan,      &experts,  config.tier_names};
  HeadlineLists lists = MakeHeadline({computed, R.tiers, 100, R.top_alerts_limit, R.top_lost_limit,
                                      R.key_accounts_limit, config.rank_by, config.alert_lookahead.days});
  R.headline = lists.headline;
  R.top_customers = std::move(lists.top_customers);
  R.key_accounts = std::move(lists.key_accounts);
  R.top_alerts = std::move(lists.top_alerts);
  R.reference_customers = std::move(lists.reference_customers);
  // 13b. The Account 360 of the top parent accounts, for the report.
  R.account_views = TopAccountViews({computed, &customer_of_log_row, 10, config.alert_lookahead.days});

  // 14. The plausibility guard: nothing is written when a number cannot be right.
  std::vector<double> tier_shares;
  for (const auto& t : R.tiers) tier_shares.push_back(t.value_share);
  const Checked checked =
      CheckResults({&in, &V, R.headline.value, tier_shares, config.tier_names, !M.warnings.empty()});
  R.plausibility = checked.section;
  note(checked.notes);

  // 15. Outputs, all computed: written into a fresh folder beside out/, then swapped in whole.
  outcome.out_dir = WriteOutputs({computed, &checked, &config, &run_options, &R});
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

namespace {

// Money and counts as the console shows them: 10,106,656.
std::string Money(double v) { return results::FormatMoney(v); }

std::string Count(uint64_t v) { return Money(static_cast<double>(v)); }

// "Klinikum Bautzen West (C1655)", or the id alone.
std::string Named(const std::string& name, const std::string& id) {
  return name.empty() ? id : fmt::format("{} ({})", name, id);
}

}  // namespace

std::string FormatRunSummary(const RunOutcome& o) {
  const results::Results& r = o.results;
  const results::Headline& h = r.headline;
  std::string s;
  auto add = [&](const std::string& line) { s += line + "\n"; };
  add(fmt::format("customers        {}", Count(h.customers)));
  add(fmt::format("model            {} ({})", r.model.chosen, r.model.reason));
  add(fmt::format("customer value   {} (the sum of the customers' CLV)", Money(h.customer_value)));
  add(fmt::format("referral value   {} attributed to referrers (beside the customer value, not added to it)",
                  Money(h.referral_value)));
  if (h.rank_by != "clv") add(fmt::format("ranked by        {}: {} in all", h.rank_by, Money(h.value)));
  add(fmt::format("concentration    top 20 % of customers hold {:.1f} % of the value; Gini {:.3f}", 100 * h.top20_share,
                  h.gini));
  std::vector<std::string> tiers;
  for (const auto& t : r.tiers) {
    tiers.push_back(fmt::format("{} {} ({:.1f} % of value)", t.name, Count(t.customers), 100 * t.value_share));
  }
  add(fmt::format("tiers            {}", fmt::join(tiers, ", ")));
  add(fmt::format("key accounts     {}", Count(h.key_accounts)));
  add(fmt::format("alerts           {} at risk and recoverable (value to save {}), {} lost (win-back value {}); "
                  "{} new{}",
                  Count(h.alerts), Money(h.value_at_risk), Count(h.lost), Money(h.win_back_value), Count(h.new_alerts),
                  h.previous_run ? " since the previous run" : " (no previous run to compare with)"));
  for (size_t k = 0; k < std::min<size_t>(5, r.top_customers.size()); ++k) {
    const results::TopRow& t = r.top_customers[k];
    add(fmt::format("{} {}. {}: value {}, P(alive) {:.2f}{}", k == 0 ? "top accounts    " : "                ", k + 1,
                    Named(t.name, t.customer_id), Money(t.value), t.p_alive,
                    t.key_account.empty() ? "" : fmt::format(", key account ({})", t.key_account)));
  }
  for (size_t k = 0; k < std::min<size_t>(5, r.top_parent_accounts.size()); ++k) {
    const results::AccountRow& g = r.top_parent_accounts[k];
    add(fmt::format("{} {}. {}: value {} over {} customers, {} at risk, {} lost",
                    k == 0 ? "top groups      " : "                ", k + 1, Named(g.name, g.account_id),
                    Money(g.value), Count(g.customers), Count(g.alerts), Count(g.lost)));
  }
  size_t shown = 0;
  for (const results::AlertRow& a : r.top_alerts) {
    if (a.group != "at_risk" || shown == 5) continue;
    add(fmt::format("{} {}. {}: value to save {}, P(alive) {:.2f}, silent {:.0f} days, {}{}",
                    shown == 0 ? "top alerts      " : "                ", shown + 1, Named(a.name, a.customer_id),
                    Money(a.value_at_risk), a.p_alive, a.days_since_last,
                    a.contact_by.empty() ? "no deadline within the lookahead" : "contact by " + a.contact_by,
                    a.trend.empty() ? "" : fmt::format(" ({})", a.trend)));
    ++shown;
  }
  if (r.evaluation) {
    const auto& e = *r.evaluation;
    add(fmt::format("check vs truth   top 20 % by CLV capture {:.1f} % of realized value (naive last-year revenue: "
                    "{:.1f} %); Spearman {:.3f} vs {:.3f}",
                    100 * e.winnow.top_capture, 100 * e.naive.top_capture, e.winnow.spearman, e.naive.spearman));
  }
  if (r.plan) {
    const results::PlanSection& p = *r.plan;
    auto versus = [&](double base) {
      return base > 0 ? fmt::format("{:+.1f} %", 100 * (p.plan.expected_gain / base - 1)) : std::string("n/a");
    };
    std::string line = fmt::format("plan             {} contacts of {} reps over {}: expected gain {}, even spread "
                                   "{} ({} for the plan)",
                                   Count(p.plan.contacts), p.reps.size(), p.period, Money(p.plan.expected_gain),
                                   Money(p.even_spread.expected_gain), versus(p.even_spread.expected_gain));
    if (p.has_current) {
      line += fmt::format(", today's allocation {} ({})", Money(p.current.expected_gain),
                          versus(p.current.expected_gain));
    }
    add(line);
    add(fmt::format("plan response    {}; {}", p.response_source,
                    p.proven_optimal ? "the plan is proven optimal"
                                     : fmt::format("within {:.2f} of the optimum ({:.2g} %)",
                                                   p.upper_bound - p.plan.expected_gain,
                                                   100 * (p.upper_bound - p.plan.expected_gain) /
                                                       std::max(1.0, p.upper_bound))));
    if (p.truth) {
      const results::PlanTruth& t = *p.truth;
      std::string truth = fmt::format("plan vs truth    true gain {}, even spread {} ({:+.1f} % for the plan)",
                                      Money(t.plan), Money(t.even_spread),
                                      t.even_spread > 0 ? 100 * (t.plan / t.even_spread - 1) : 0.0);
      if (t.has_current) {
        truth += fmt::format(", today's allocation {} ({:+.1f} %)", Money(t.current),
                             t.current > 0 ? 100 * (t.plan / t.current - 1) : 0.0);
      }
      if (t.best > 0) {
        truth += fmt::format("; {:.1f} % of the best plan for the true responses ({})", 100 * t.plan / t.best,
                             Money(t.best));
      }
      add(truth);
    }
  }
  if (r.experts) {
    const results::ExpertSection& e = *r.experts;
    std::vector<std::string> expert_tiers;
    for (const auto& [tier, count] : e.tiers) expert_tiers.push_back(fmt::format("{} {}", tier, count));
    add(fmt::format("experts          {} ({}), {} rising stars; network of {} links{}", Count(e.experts),
                    fmt::join(expert_tiers, ", "), e.rising_stars, e.edges,
                    e.top.empty() ? std::string()
                                  : fmt::format("; top: {} ({}, {:.0f})", e.top.front().name, e.top.front().tier,
                                                e.top.front().total_score)));
  }
  for (const auto& w : r.model.warnings) add(fmt::format("warning: [{}] {}", w.code, w.message));
  for (const auto& note : r.notes) add("note: " + note);
  add(fmt::format("wrote {} to {} in {:.2f} s", fmt::join(r.files, ", "), o.out_dir, o.seconds));
  return s;
}

}  // namespace winnow::project
