#include "results/results.h"

#include "model/model_file.h"
#include "model/registry.h"
#include "results/columns.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace winnow::results {

using Json = nlohmann::ordered_json;

namespace {

// Finite numbers as they are; anything else as null (JSON has no NaN).
Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json FitJson(const model::FitResult& fit, const ModelSection& section) {
  return model::ModelJsonObject(model::SavedModel{fit, section.time_unit, section.penalizer});
}

Json HoldoutJson(const model::HoldoutMetrics& m) {
  return {{"customers", m.customers},     {"actual_total", Num(m.actual_total)}, {"predicted_total", Num(m.predicted_total)},
          {"mae", Num(m.mae)},            {"rmse", Num(m.rmse)},                 {"correlation", Num(m.correlation)}};
}

Json RankingJson(const segment::RankingQuality& q) {
  return {{"top20_capture", Num(q.top_capture)}, {"best_possible_top20_capture", Num(q.best_capture)},
          {"spearman", Num(q.spearman)}};
}

Json AllocationJson(const PlanAllocation& a) {
  return {{"contacts", a.contacts},
          {"expected_gain", Num(a.expected_gain)},
          {"gain_per_contact", a.contacts > 0 ? Num(a.expected_gain / static_cast<double>(a.contacts)) : Json(nullptr)},
          {"cost", Num(a.cost)}};
}

Json PlanCustomersJson(const std::vector<PlanCustomerRow>& rows) {
  Json out = Json::array();
  for (const auto& c : rows) {
    out.push_back({{"customer_id", c.customer_id},
                   {"name", c.name},
                   {"rep_id", c.rep_id},
                   {"tier", c.tier},
                   {"current_contacts", Num(c.current_contacts)},
                   {"contacts", c.contacts},
                   {"reason", c.reason}});
  }
  return out;
}

// results.json's plan section (README "Effort plans", "results.json").
Json PlanJson(const PlanSection& p) {
  Json curves = Json::array();
  for (const PlanCurve& c : p.curves) {
    Json curve = {{"group", c.group},
                  {"source", c.source},
                  {"why", c.why},
                  {"amplitude", Num(c.amplitude)},
                  {"half", Num(c.half)},
                  {"shape", Num(c.shape)},
                  {"concave", c.shape <= 1},
                  {"current_contacts", Num(c.current_contacts)},
                  {"lift_at_current", Num(c.lift_at_current)},
                  {"lift_at_plus_50", Num(c.lift_at_plus_50)},
                  {"estimate", nullptr},
                  {"judgment", nullptr}};
    if (c.has_estimate) {
      curve["estimate"] = {{"usable", c.estimate_usable},
                           {"reason", c.estimate_reason},
                           {"customers", c.estimate_customers},
                           {"rows", c.estimate_rows},
                           {"amplitude", Num(c.est_amplitude)},
                           {"half", Num(c.est_half)},
                           {"shape", Num(c.est_shape)},
                           {"within_sd", Num(c.within_sd)},
                           {"r2_within", Num(c.r2_within)},
                           {"pooled_slope", Num(c.pooled_slope)},
                           {"within_slope", Num(c.within_slope)},
                           {"amplitude_se", Num(c.amplitude_se)},
                           {"lift_at_mean", Num(c.lift_at_mean)},
                           {"lift_at_mean_low", Num(c.lift_at_mean_low)},
                           {"lift_at_mean_high", Num(c.lift_at_mean_high)},
                           {"lift_at_plus_50", Num(c.est_lift_at_plus_50)},
                           {"lift_at_plus_50_low", Num(c.est_lift_at_plus_50_low)},
                           {"lift_at_plus_50_high", Num(c.est_lift_at_plus_50_high)}};
    }
    if (c.has_judgment) {
      curve["judgment"] = {{"at_zero", Num(c.at_zero)},
                           {"at_plus_50", Num(c.at_plus_50)},
                           {"at_saturation", Num(c.at_saturation)},
                           {"current", Num(c.judged_current)}};
    }
    curves.push_back(std::move(curve));
  }
  Json current = nullptr;
  if (p.has_current) {
    current = AllocationJson(p.current);
    current["contacts_today"] = Num(p.contacts_today);
  }
  Json plan = AllocationJson(p.plan);
  plan["upper_bound"] = Num(p.upper_bound);
  plan["proven_optimal"] = p.proven_optimal;
  plan["gap"] = Num(std::max(0.0, p.upper_bound - p.plan.expected_gain));
  Json curve = Json::array();
  for (const auto& [budget, point] : p.curve) {
    curve.push_back({{"budget", Num(budget)}, {"contacts", point.first}, {"gain", Num(point.second)}});
  }
  Json reps = Json::array();
  for (const PlanRepRow& r : p.reps) {
    reps.push_back({{"rep_id", r.rep_id},
                    {"name", r.name},
                    {"channel", r.channel},
                    {"capacity", r.capacity},
                    {"cost", Num(r.cost)},
                    {"customers", r.customers},
                    {"contacts", r.contacts},
                    {"expected_gain", Num(r.expected_gain)},
                    {"current_contacts", Num(r.current_contacts)},
                    {"even_contacts", r.even_contacts}});
  }
  Json reasons = Json::array();
  for (const auto& [reason, customers] : p.reasons) reasons.push_back({{"reason", reason}, {"customers", customers}});
  Json j = {{"period", p.period},
            {"period_days", Num(p.period_days)},
            {"goal", p.goal},
            {"budget", Num(p.budget)},
            {"target_gain", Num(p.target_gain)},
            {"hurdle", Num(p.hurdle)},
            {"customers", p.customers},
            {"stake_rule", p.stake_rule},
            {"response", {{"source", p.response_source}, {"why", p.response_why}, {"curves", curves}}},
            {"even_spread", AllocationJson(p.even_spread)},
            {"current", current},
            {"plan", plan},
            {"binding",
             {{"budget", p.budget_binds},
              {"budget_used", Num(p.budget_used)},
              {"target_reached", p.target_reached},
              {"reps_at_capacity", p.reps_at_capacity},
              {"customers_at_min", p.customers_at_min},
              {"customers_at_max", p.customers_at_max},
              {"marginal_gain_per_cost", Num(p.marginal_gain_per_cost)}}},
            {"curve", curve},
            {"reps", reps},
            {"served_less", PlanCustomersJson(p.served_less)},
            {"served_more", PlanCustomersJson(p.served_more)},
            {"reasons", reasons}};
  if (p.truth) {
    const PlanTruth& t = *p.truth;
    auto ratio = [](double a, double b) { return b > 0 ? Num(a / b - 1) : Json(nullptr); };
    j["truth"] = {{"period_days", Num(t.period_days)},
                  {"customers", t.customers},
                  {"plan", {{"contacts", p.plan.contacts}, {"true_gain", Num(t.plan)}}},
                  {"even_spread", {{"contacts", p.even_spread.contacts}, {"true_gain", Num(t.even_spread)}}},
                  {"current", t.has_current ? Json{{"contacts", p.current.contacts}, {"true_gain", Num(t.current)}}
                                            : Json(nullptr)},
                  {"best_possible", {{"contacts", t.best_contacts}, {"true_gain", Num(t.best)}}},
                  {"plan_share_of_best", t.best > 0 ? Num(t.plan / t.best) : Json(nullptr)},
                  {"plan_vs_even", ratio(t.plan, t.even_spread)},
                  {"plan_vs_current", t.has_current ? ratio(t.plan, t.current) : Json(nullptr)}};
  }
  return j;
}

// results.json's experts section: the top rows use experts.csv's declared column names.
Json ExpertsJson(const ExpertSection& e) {
  const char* criteria[] = {"trials", "publications", "talks", "committees", "congress", "multiplier"};
  Json weights = Json::object();
  for (size_t k = 0; k < 6 && k < e.weights.size(); ++k) weights[criteria[k]] = Num(e.weights[k]);
  Json tiers = Json::array();
  for (const auto& [tier, count] : e.tiers) tiers.push_back({{"tier", tier}, {"experts", count}});
  Json top = Json::array();
  for (const ExpertRow& r : e.top) {
    Json row = Json::object();
    const auto& t = kExpertsCsv;
    row[t.Name("expert_id")] = r.expert_id;
    row[t.Name("name")] = r.name;
    row[t.Name("specialty")] = r.specialty;
    row[t.Name("institution")] = r.institution;
    row[t.Name("country")] = r.country;
    row[t.Name("customer_id")] = r.customer_id;
    for (size_t k = 0; k < 6; ++k) row[criteria[k]] = Num(r.scores[k]);
    row[t.Name("pagerank")] = Num(r.pagerank);
    row[t.Name("total_score")] = Num(r.total_score);
    row[t.Name("tier")] = r.tier;
    row[t.Name("rising_star")] = r.rising_star ? "yes" : "";
    row[t.Name("explanation")] = r.explanation;
    top.push_back(std::move(row));
  }
  return {{"experts", e.experts},
          {"as_of_year", e.as_of_year},
          {"half_life_years", Num(e.half_life_years)},
          {"compare_within", e.compare_within},
          {"area_keywords", e.area_keywords},
          {"weights", weights},
          {"damping", Num(e.damping)},
          {"tiers", tiers},
          {"rising_stars", e.rising_stars},
          {"linked_accounts", e.linked_accounts},
          {"duplicate_rows", e.duplicates},
          {"network", {{"edges", e.edges}, {"iterations", e.iterations}}},
          {"top", top}};
}

// The declaration of the output tables (results/columns.h), for the views: per file, its columns
// with name, type, unit, label and meaning.
Json ColumnsJson() {
  Json tables = Json::object();
  for (const OutputTable* table : kOutputTables) {
    Json columns = Json::array();
    for (const Column& c : table->columns) {
      columns.push_back({{"name", c.name},
                         {"type", TypeName(c.type)},
                         {"unit", UnitName(c.unit)},
                         {"label", c.label},
                         {"meaning", c.meaning}});
    }
    tables[std::string(table->file)] = columns;
  }
  return tables;
}

}  // namespace

namespace {

Json SettingsJson(const Results& r) {
  return {{"horizon_days", r.horizon_days},
                   {"annual_discount_rate", r.annual_discount_rate},
                   {"margin", r.margin},
                   {"tier_names", r.tier_names},
                   {"tier_cuts", r.tier_cuts},
                   {"rank_by", r.rank_by},
                   {"referrals", {{"incremental_share", r.referrals.incremental_share}}},
                   {"key_accounts", {{"top_value", r.key_top_value}, {"top_upside", r.key_top_upside}}},
                   {"alerts",
                    {{"p_alive_below", r.alert_p_alive_below},
                     {"lost_below", r.alert_lost_below},
                     {"overdue_factor", r.alert_overdue_factor},
                     {"lookahead_days", r.alert_lookahead_days},
                     {"tiers", r.alert_tiers}}},
                   {"values", r.currency_note}};
}

Json HeadlineJson(const Results& r) {
  const Headline& h = r.headline;
  return {{"customers", h.customers},
                   {"customer_value", Num(h.customer_value)},
                   {"referral_value", Num(h.referral_value)},
                   {"value", Num(h.value)},
                   {"rank_by", h.rank_by},
                   {"top20_share", Num(h.top20_share)},
                   {"gini", Num(h.gini)},
                   {"first_tier", h.first_tier},
                   {"first_tier_customers", h.first_tier_customers},
                   {"key_accounts", h.key_accounts},
                   {"alerts", h.alerts},
                   {"value_at_risk", Num(h.value_at_risk)},
                   {"lost", h.lost},
                   {"win_back_value", Num(h.win_back_value)},
                   {"new_alerts", h.new_alerts},
                   {"previous_run", h.previous_run},
                   {"warnings", model::WarningsJson(r.model.warnings)},
                   {"implausible_customers", r.plausibility.flagged}};
}

Json ModelJson(const ModelSection& m) {
  Json model;
  model["chosen"] = m.chosen;
  model["reason"] = m.reason;
  model["time_unit"] = m.time_unit;
  model["calibration_end"] = m.calibration_end;
  model["observation_end"] = m.observation_end;
  model["selection_customers"] = m.selection_customers;
  Json candidates = Json::array();
  for (const auto& c : m.candidates) {
    Json entry = FitJson(c.fit, m);
    entry["holdout"] = HoldoutJson(c.holdout);
    entry["tied"] = c.tied;
    candidates.push_back(entry);
  }
  model["candidates"] = candidates;
  model["warnings"] = model::WarningsJson(m.warnings);
  model["purchase"] = FitJson(m.purchase, m);
  model["spend"] = model::ModelJsonObject(model::SavedModel{m.spend, m.time_unit, 0});
  Json conditional = Json::array();
  for (const auto& row : m.validation.conditional) {
    conditional.push_back({{"frequency", row.frequency}, {"customers", row.customers}, {"actual", Num(row.actual)},
                           {"predicted", Num(row.predicted)}});
  }
  Json tracking = Json::array();
  for (const auto& p : m.validation.tracking) {
    tracking.push_back({{"period", p.period},
                        {"start", core::FormatDay(p.start)},
                        {"holdout", p.holdout},
                        {"actual", Num(p.actual)},
                        {"predicted", Num(p.predicted)},
                        {"actual_cumulative", Num(p.actual_cumulative)},
                        {"predicted_cumulative", Num(p.predicted_cumulative)}});
  }
  model["validation"] = {{"holdout", HoldoutJson(m.validation.metrics)},
                         {"conditional_expectations", conditional},
                         {"tracking", tracking}};
  // The models' titles from the registry, for the views (model names are codes like "bgnbd").
  Json titles = Json::object();
  for (const model::ModelInfo& info : model::Models()) titles[info.name] = info.title;
  model["titles"] = titles;
  return model;
}

// top_customers (key_account as a flag) and key_accounts (key_account as its code).
Json TopRowsJson(const std::vector<TopRow>& rows, bool key_code) {
  Json top = Json::array();
  for (const auto& t : rows) {
    top.push_back({{kCustomersCsv.Name("customer_id"), t.customer_id},
                   {kCustomersCsv.Name("name"), t.name},
                   {kCustomersCsv.Name("type"), t.type},
                   {kCustomersCsv.Name("region"), t.region},
                   {kCustomersCsv.Name("owner"), t.owner},
                   {kCustomersCsv.Name("tier"), t.tier},
                   {kCustomersCsv.Name("key_account"), key_code ? Json(t.key_account) : Json(!t.key_account.empty())},
                   {kCustomersCsv.Name("value"), Num(t.value)},
                   {kCustomersCsv.Name("clv"), Num(t.clv)},
                   {kCustomersCsv.Name("referral_value"), Num(t.referral_value)},
                   {kCustomersCsv.Name("p_alive"), Num(t.p_alive)},
                   {kCustomersCsv.Name("annual_revenue"), Num(t.annual_revenue)},
                   {kCustomersCsv.Name("upside"), Num(t.upside)}});
  }
  return top;
}

Json AlertsJson(const Results& r) {
  Json alerts = Json::array();
  for (const auto& a : r.top_alerts) alerts.push_back(AlertRowJson(a));
  const Headline& h = r.headline;
  return {{"count", h.alerts + h.lost}, {"at_risk", h.alerts},         {"lost", h.lost},
          {"new", h.new_alerts},        {"previous_run", h.previous_run}, {"shown", r.top_alerts.size()},
          {"top", alerts}};
}

Json ReferenceCustomersJson(const Results& r) {
  Json refs = Json::array();
  for (const auto& c : r.reference_customers) {
    refs.push_back({{kReferenceCustomersCsv.Name("segment"), c.segment},
                    {kReferenceCustomersCsv.Name("rank"), c.rank},
                    {kReferenceCustomersCsv.Name("customer_id"), c.customer_id},
                    {kReferenceCustomersCsv.Name("name"), c.name},
                    {kReferenceCustomersCsv.Name("type"), c.type},
                    {kReferenceCustomersCsv.Name("region"), c.region},
                    {kReferenceCustomersCsv.Name("owner"), c.owner},
                    {kReferenceCustomersCsv.Name("tier"), c.tier},
                    {kReferenceCustomersCsv.Name("p_alive"), Num(c.p_alive)},
                    {kReferenceCustomersCsv.Name("tenure_days"), Num(c.tenure_days)},
                    {kReferenceCustomersCsv.Name("purchases"), Num(c.purchases)},
                    {kReferenceCustomersCsv.Name("gap_cv"), Num(c.gap_cv)},
                    {kReferenceCustomersCsv.Name("revenue_per_year"), Num(c.revenue_per_year)},
                    {kReferenceCustomersCsv.Name("segment_median_revenue_per_year"),
                     Num(c.segment_median_revenue_per_year)},
                    {kReferenceCustomersCsv.Name("distance"), Num(c.distance)},
                    {kReferenceCustomersCsv.Name("segment_customers"), c.segment_customers},
                    {kReferenceCustomersCsv.Name("segment_loyal"), c.segment_loyal}});
  }
  return refs;
}

Json AccountRowsJson(const std::vector<AccountRow>& rows) {
  Json list = Json::array();
  for (const auto& a : rows) list.push_back(AccountRowJson(a));
  return list;
}

}  // namespace

nlohmann::ordered_json AlertRowJson(const AlertRow& a) {
  return {{kAlertsCsv.Name("rank"), a.rank},
          {kAlertsCsv.Name("customer_id"), a.customer_id},
          {kAlertsCsv.Name("name"), a.name},
          {kAlertsCsv.Name("type"), a.type},
          {kAlertsCsv.Name("region"), a.region},
          {kAlertsCsv.Name("owner"), a.owner},
          {kAlertsCsv.Name("tier"), a.tier},
          {kAlertsCsv.Name("group"), a.group},
          {kAlertsCsv.Name("new"), a.is_new},
          {kAlertsCsv.Name("reason"), a.reason},
          {kAlertsCsv.Name("trend"), a.trend},
          {kAlertsCsv.Name("p_alive"), Num(a.p_alive)},
          {kAlertsCsv.Name("days_since_last"), Num(a.days_since_last)},
          {kAlertsCsv.Name("expected_gap_days"), Num(a.expected_gap_days)},
          {kAlertsCsv.Name("overdue_ratio"), Num(a.overdue_ratio)},
          {kAlertsCsv.Name("order_size_change"), Num(a.order_size_change)},
          {kAlertsCsv.Name("gap_change"), Num(a.gap_change)},
          {kAlertsCsv.Name("contact_by"), a.contact_by},
          {kAlertsCsv.Name("expected_purchases_next"), Num(a.expected_purchases_next)},
          {kAlertsCsv.Name("lookahead_days"), Num(a.lookahead_days)},
          {kAlertsCsv.Name("clv"), Num(a.clv)},
          {kAlertsCsv.Name("value"), Num(a.value)},
          {kAlertsCsv.Name("value_at_risk"), Num(a.value_at_risk)},
          {kAlertsCsv.Name("win_back_value"), Num(a.win_back_value)},
          {kAlertsCsv.Name("upside"), Num(a.upside)}};
}

nlohmann::ordered_json AccountRowJson(const AccountRow& a) {
  return {{kAccountsCsv.Name("account_id"), a.account_id},
          {kAccountsCsv.Name("name"), a.name},
          {kAccountsCsv.Name("type"), a.type},
          {kAccountsCsv.Name("region"), a.region},
          {kAccountsCsv.Name("owner"), a.owner},
          {kAccountsCsv.Name("parent_id"), a.parent_id},
          {kAccountsCsv.Name("level"), a.level},
          {kAccountsCsv.Name("children"), a.children},
          {kAccountsCsv.Name("customers"), a.customers},
          {kAccountsCsv.Name("clv"), Num(a.clv)},
          {kAccountsCsv.Name("referral_value"), Num(a.referral_value)},
          {kAccountsCsv.Name("value"), Num(a.value)},
          {kAccountsCsv.Name("annual_revenue"), Num(a.annual_revenue)},
          {kAccountsCsv.Name("potential"), Num(a.potential)},
          {kAccountsCsv.Name("share_of_wallet"), Num(a.share_of_wallet)},
          {kAccountsCsv.Name("upside"), Num(a.upside)},
          {kAccountsCsv.Name("value_at_risk"), Num(a.value_at_risk)},
          {kAccountsCsv.Name("alerts"), a.alerts},
          {kAccountsCsv.Name("lost"), a.lost}};
}

std::string FormatMoney(double v) {
  if (!std::isfinite(v)) return "unknown";
  if (v > 0 && v < 1) return "< 1";
  const std::string digits = fmt::format("{:.0f}", std::fabs(v));
  std::string out = v < 0 && digits != "0" ? "-" : "";
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

std::string ToJson(const Results& r) {
  Json j;
  j["winnow_version"] = r.winnow_version;
  j["project_dir"] = r.project_dir;
  j["report"] = {{"locale", r.report_locale},
                 {"currency", r.report_currency},
                 {"title", r.report_title},
                 {"client", r.report_client}};
  j["settings"] = SettingsJson(r);
  j["headline"] = HeadlineJson(r);
  const Headline& h = r.headline;
  j["model"] = ModelJson(r.model);
  Json tiers = Json::array();
  for (const auto& t : r.tiers) {
    tiers.push_back({{"tier", t.name},
                     {"customers", t.customers},
                     {"customer_share", Num(t.customer_share)},
                     {"value", Num(t.value)},
                     {"value_share", Num(t.value_share)},
                     {"min_value", Num(t.min_value)},
                     {"max_value", Num(t.max_value)}});
  }
  j["tiers"] = tiers;
  Json lorenz = Json::array();
  for (const auto& p : r.lorenz) lorenz.push_back({Num(p.customer_share), Num(p.value_share)});
  j["concentration"] = {{"gini", Num(h.gini)},
                        {"points", "[share of customers from the top, share of total value]"},
                        {"curve", lorenz}};
  Json edges = Json::array();
  for (double e : r.clv_distribution.edges) edges.push_back(Num(e));
  j["clv_distribution"] = {{"edges", edges}, {"counts", r.clv_distribution.counts}, {"sums", r.clv_distribution.sums}};
  j["p_alive_heatmap"] = {{"rows", "frequency (repeat purchases)"},
                          {"columns", "recency as a share of T"},
                          {"frequency_labels", r.p_alive_heatmap.frequency_labels},
                          {"recency_labels", r.p_alive_heatmap.recency_labels},
                          {"mean_p_alive", r.p_alive_heatmap.mean},
                          {"customers", r.p_alive_heatmap.count}};
  j["referrals"] = {{"referrals", r.referrals.referrals},
                    {"skipped", r.referrals.skipped},
                    {"population_rate", Num(r.referrals.population_rate)},
                    {"prior_shape", Num(r.referrals.prior_shape)},
                    {"typical_referred_value", Num(r.referrals.typical_referred_value)},
                    {"incremental_share", Num(r.referrals.incremental_share)}};
  Json skipped = Json::array();
  for (const auto& g : r.skipped_by_reason) {
    skipped.push_back({{"reason", g.reason}, {"rows", g.rows}, {"examples", g.examples}});
  }
  j["skipped_rows"] = {{"rows", r.skipped_rows}, {"by_reason", skipped}};
  j["top_customers"] = TopRowsJson(r.top_customers, false);
  j["key_accounts"] = {{"count", h.key_accounts}, {"shown", r.key_accounts.size()},
                       {"top", TopRowsJson(r.key_accounts, true)}};
  j["alerts"] = AlertsJson(r);
  j["reference_customers"] = ReferenceCustomersJson(r);
  j["accounts"] = {{"listed", r.accounts},
                   {"parents", r.parent_accounts},
                   {"prospects", r.prospects},
                   {"customers_not_listed", r.unlisted_customers},
                   {"top_parents", AccountRowsJson(r.top_parent_accounts)},
                   {"top_upside", AccountRowsJson(r.top_upside_accounts)}};
  j["account_views"] = r.account_views;
  if (r.evaluation) {
    const Evaluation& e = *r.evaluation;
    j["evaluation"] = {{"truth", e.truth_file},
                       {"window_days", e.window_days},
                       {"customers", e.customers},
                       {"realized_value", Num(e.realized_total)},
                       {"winnow", RankingJson(e.winnow)},
                       {"naive_last_year_revenue", RankingJson(e.naive)},
                       {"alive_accuracy", Num(e.alive_accuracy)}};
  }
  if (r.plan) j["plan"] = PlanJson(*r.plan);
  if (r.experts) j["experts"] = ExpertsJson(*r.experts);
  j["plausibility"] = {{"rule", "annual_revenue > 10 x max(own revenue per year so far, the 99th percentile of "
                               "all customers' revenue per year so far)"},
                      {"flagged_customers", r.plausibility.flagged},
                      {"flagged_clv", Num(r.plausibility.flagged_clv)},
                      {"base_revenue_per_year", Num(r.plausibility.base_revenue_per_year)},
                      {"examples", r.plausibility.examples}};
  j["notes"] = r.notes;
  j["files"] = r.files;
  j["columns"] = ColumnsJson();
  return j.dump(2) + "\n";
}

Histogram LogHistogram(const std::vector<double>& value, size_t bins) {
  Histogram h;
  double lo = INFINITY, hi = 0;
  for (double v : value) {
    if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!(hi > 0)) {
    h.edges = {0, 1};
    h.counts = {value.size()};
    h.sums = {0};
    return h;
  }
  lo = std::max(lo, hi * 1e-6);
  const double a = std::log10(lo), b = std::log10(hi) + 1e-9;
  h.edges.push_back(0);
  for (size_t k = 0; k <= bins; ++k) h.edges.push_back(std::pow(10.0, a + (b - a) * static_cast<double>(k) / bins));
  h.counts.assign(bins + 1, 0);
  h.sums.assign(bins + 1, 0);
  for (double v : value) {
    size_t bin = 0;
    if (v >= lo) bin = 1 + std::min<size_t>(bins - 1, static_cast<size_t>((std::log10(v) - a) / (b - a) * bins));
    ++h.counts[bin];
    h.sums[bin] += v;
  }
  return h;
}

Heatmap PAliveHeatmap(const std::vector<double>& frequency, const std::vector<double>& recency_share,
                      const std::vector<double>& p_alive) {
  Heatmap h;
  const double freq_edges[] = {0, 1, 2, 3, 5, 10, 20};
  h.frequency_labels = {"0", "1", "2", "3-4", "5-9", "10-19", "20+"};
  for (int k = 0; k < 10; ++k) h.recency_labels.push_back(std::to_string(k * 10) + "-" + std::to_string(k * 10 + 10) + "%");
  const size_t rows = h.frequency_labels.size(), cols = h.recency_labels.size();
  std::vector<std::vector<double>> sum(rows, std::vector<double>(cols, 0));
  h.count.assign(rows, std::vector<uint64_t>(cols, 0));
  for (size_t i = 0; i < p_alive.size(); ++i) {
    size_t row = 0;
    while (row + 1 < rows && frequency[i] >= freq_edges[row + 1]) ++row;
    const size_t col = std::min<size_t>(cols - 1, static_cast<size_t>(std::max(0.0, recency_share[i]) * cols));
    sum[row][col] += p_alive[i];
    ++h.count[row][col];
  }
  h.mean.assign(rows, std::vector<double>(cols, -1));
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      if (h.count[r][c] > 0) h.mean[r][c] = sum[r][c] / static_cast<double>(h.count[r][c]);
    }
  }
  return h;
}

}  // namespace winnow::results
