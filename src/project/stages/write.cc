#include "project/stages/write.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <initializer_list>
#include <limits>

#include "core/parallel.h"
#include "io/output_file.h"
#include "model/model_file.h"
#include "plan/work_order.h"
#include "results/columns.h"
#include "segment/alerts.h"
#include "summary/summary_writer.h"

namespace winnow::project {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// Writes header and rows 0..count-1 (formatted by `row` in parallel) to `path` atomically; the header
// is the table's declaration (results/columns.h), and each writer below writes its columns in
// the declared order.
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

void WriteCustomers(const std::string& path, const Computed& c, const Checked& checked, size_t threads) {
  const summary::CustomerSummary& S = c.ingested->summary;
  const std::vector<std::string>& ids = c.ingested->ids;
  const value::CustomerValues& V = c.scores->values;
  const value::ReferralValues& RV = c.referrals->values;
  const std::vector<double>& total = c.referrals->value;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const Tiering& T = *c.tiering;
  const AlertList& A = *c.alerts;
  const size_t n = ids.size();
  WriteCsv(path,
           results::kCustomersCsv.Header(),
           n, threads, [&](size_t k, CsvRow& csv) {
             // Rows go out in value order, so each field is a cache miss: fetch a later row's ahead.
             if (k + 12 < n) {
               const uint32_t ahead = T.ranked[k + 12];
               for (const std::vector<double>* column : std::initializer_list<const std::vector<double>*>{
                        &total, &V.clv, &RV.total, &V.p_alive, &V.expected_purchases, &V.expected_spend, &V.dert,
                        &V.annual_revenue, &L.potential, &L.share_of_wallet, &L.upside, &RV.realized, &RV.referred,
                        &RV.future, &S.total_revenue, &A.days_since, &A.gap_days}) {
                 __builtin_prefetch(column->data() + ahead);
               }
               __builtin_prefetch(S.frequency.data() + ahead);
               __builtin_prefetch(S.first_day.data() + ahead);
               __builtin_prefetch(S.last_day.data() + ahead);
               __builtin_prefetch(ids.data() + ahead);
               __builtin_prefetch(L.account_of.data() + ahead);
               __builtin_prefetch(T.tier.data() + ahead);
               __builtin_prefetch(A.alert_index.data() + ahead);
               __builtin_prefetch(RV.referrals.data() + ahead);
             }
             const uint32_t i = T.ranked[k];
             const segment::Alert* alert = A.Of(i);
             csv.Text(ids[i]).Text(L.Field(accounts.name, i)).Text(L.Field(accounts.type, i));
             csv.Text(L.Field(accounts.region, i)).Text(L.Field(accounts.owner, i)).Text(L.Field(accounts.parent_id, i));
             csv.Text(c.TierName(i)).Text(T.KeyReason(i));
             const char rfm[3] = {static_cast<char>('0' + T.r_score[i]), static_cast<char>('0' + T.f_score[i]),
                                  static_cast<char>('0' + T.m_score[i])};
             csv.Text(std::string_view(rfm, 3));
             csv.Num(total[i]).Num(V.clv[i]).Num(RV.total[i]).Num(V.p_alive[i]).Num(V.expected_purchases[i]);
             csv.Num(V.expected_spend[i]).Num(V.dert[i]).Num(V.annual_revenue[i]).Num(L.potential[i]);
             csv.Num(L.share_of_wallet[i]).Num(L.upside[i]).Int(RV.referrals[i]).Num(RV.realized[i]);
             csv.Num(RV.referred[i]).Num(RV.future[i]);
             csv.Int(S.frequency[i]).Num(S.recency(i)).Num(S.age(i)).Day(S.first_day[i]);
             csv.Day(S.last_day[i]).Num(S.total_revenue[i]).Num(A.days_since[i]).Num(A.gap_days[i]);
             csv.Num(A.OverdueRatio(i)).Num(alert == nullptr ? 0.0 : alert->value_at_risk);
             csv.Text(alert == nullptr ? "" : segment::GroupName(alert->group));
             csv.Text(checked.plausibility.implausible[i] ? "implausible" : "");
           });
}

void WriteAlerts(const std::string& path, const Computed& c, double lookahead_days, size_t threads) {
  const std::vector<std::string>& ids = c.ingested->ids;
  const core::Day observation_end = c.ingested->period.observation_end;
  const value::CustomerValues& V = c.scores->values;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const AlertList& A = *c.alerts;
  WriteCsv(path,
           results::kAlertsCsv.Header(),
           A.alerts.size(), threads, [&](size_t k, CsvRow& csv) {
             const segment::Alert& a = A.alerts[k];
             const size_t i = a.row;
             const bool lost = a.group == segment::AlertGroup::kLost;
             csv.Int(lost ? k - A.at_risk + 1 : k + 1).Text(ids[i]).Text(L.Field(accounts.name, i));
             csv.Text(L.Field(accounts.type, i)).Text(L.Field(accounts.region, i)).Text(L.Field(accounts.owner, i));
             csv.Text(c.TierName(i)).Text(segment::GroupName(a.group)).Text(A.is_new[k] ? "new" : "");
             csv.Text(a.Reason()).Text(A.Trend(i));
             csv.Num(V.p_alive[i]).Num(A.days_since[i]).Num(A.gap_days[i]).Num(a.overdue_ratio);
             csv.Num(A.gaps.order_size_change[i]).Num(A.gaps.gap_change[i]);
             if (std::isnan(A.contact_by[k])) {
               csv.Text("");
             } else {
               csv.Day(observation_end + static_cast<core::Day>(A.contact_by[k]));
             }
             csv.Num(V.expected_next[i]).Num(lookahead_days).Num(V.clv[i]).Num(c.referrals->value[i]);
             csv.Num(a.value_at_risk).Num(lost ? a.win_back_value : kNaN).Num(c.accounts->upside[i]);
           });
}

void WriteReferences(const std::string& path, const Computed& c, size_t threads) {
  const std::vector<std::string>& ids = c.ingested->ids;
  const value::CustomerValues& V = c.scores->values;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const ReferenceList& R = *c.references;
  WriteCsv(path,
           results::kReferenceCustomersCsv.Header(),
           R.customers.size(), threads, [&](size_t k, CsvRow& csv) {
             const segment::ReferenceCustomer& rc = R.customers[k];
             const size_t i = rc.row;
             csv.Text(rc.segment).Int(rc.rank).Text(ids[i]).Text(L.Field(accounts.name, i));
             csv.Text(L.Field(accounts.type, i)).Text(L.Field(accounts.region, i)).Text(L.Field(accounts.owner, i));
             csv.Text(c.TierName(i)).Num(V.p_alive[i]).Num(R.tenure_days[i]).Int(R.gaps->occasions[i]);
             csv.Num(R.gaps->gap_cv[i]).Num(rc.revenue_per_year).Num(rc.segment_median_revenue_per_year);
             csv.Num(rc.distance).Int(rc.segment_customers).Int(rc.segment_loyal);
           });
}

void WriteAccounts(const std::string& path, const Computed& c, size_t threads) {
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const Rollup& U = *c.rollup;
  const std::vector<uint32_t>& listed = U.listed;
  WriteCsv(path,
           results::kAccountsCsv.Header(),
           listed.size(), threads, [&](size_t k, CsvRow& csv) {
             if (k + 12 < listed.size()) {
               const uint32_t ahead = listed[k + 12];
               for (const std::vector<std::string>* column : {&accounts.id, &accounts.name, &accounts.type,
                                                               &accounts.region, &accounts.owner, &accounts.parent_id}) {
                 __builtin_prefetch(column->data() + ahead);
               }
               for (const std::vector<double>* column : std::initializer_list<const std::vector<double>*>{
                        &U.clv, &U.referral_value, &U.value, &U.annual_revenue, &U.potential, &U.value_at_risk,
                        &U.customers, &U.alerts, &U.lost}) {
                 __builtin_prefetch(column->data() + ahead);
               }
             }
             const uint32_t a = listed[k];
             const double pot = U.potential[a], rev = U.annual_revenue[a];
             csv.Text(accounts.id[a]).Text(accounts.name[a]).Text(accounts.type[a]).Text(accounts.region[a]);
             csv.Text(accounts.owner[a]).Text(accounts.parent_id[a]).Int(L.tree.depth[a]).Int(L.tree.children[a]);
             csv.Int(static_cast<uint64_t>(U.customers[a])).Num(U.clv[a]).Num(U.referral_value[a]).Num(U.value[a]);
             csv.Num(rev).Num(pot);
             csv.Num(std::isfinite(pot) && pot > 0 ? rev / pot : kNaN).Num(std::isfinite(pot) ? pot - rev : kNaN);
             csv.Num(U.value_at_risk[a]).Int(static_cast<uint64_t>(U.alerts[a])).Int(static_cast<uint64_t>(U.lost[a]));
           });
}

}  // namespace

io::OutputDir::Options OutDirOptions(const ProjectConfig& config) {
  io::OutputDir::Options options;
  options.owned = IsRunOutput;
  options.foreign_hint = fmt::format("move it away, or set output.dir in {} to a folder of its own", config.config_path);
  return options;
}

// A rep's file name in rep_plans/: the id with every character but letters, digits, '-' and '_'
// replaced by '_', then "-2", "-3", ... when two ids map to one name.
std::vector<std::string> RepFileNames(const std::vector<plan::Rep>& reps) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const plan::Rep& rep : reps) {
    std::string base;
    for (char ch : rep.id) {
      const bool ok = std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
      base.push_back(ok ? ch : '_');
    }
    std::string name = base;
    for (int k = 2; !taken.insert(name).second; ++k) name = fmt::format("{}-{}", base, k);
    names.push_back(name + ".csv");
  }
  return names;
}

// plan.csv (most expected gain first) and rep_plans/REP.csv: each rep's customers in the order to
// work them (plan/work_order.h).
void WritePlan(const io::OutputDir& staged, const Computed& c, size_t threads) {
  const EffortPlan& P = *c.plan;
  const std::vector<std::string>& ids = c.ingested->ids;
  const AccountLinks& L = *c.accounts;
  WriteCsv(staged.File("plan.csv"), results::kPlanCsv.Header(), P.rows.size(), threads, [&](size_t k, CsvRow& csv) {
    const PlanRow& row = P.rows[k];
    csv.Text(ids[row.customer]).Text(P.reps[row.rep].id).Text(P.reps[row.rep].channel).Int(row.contacts);
    csv.Num(row.expected_gain).Num(row.current).Text(row.reason).Text(c.TierName(row.customer));
    csv.Num(row.stake).Num(row.next_gain).Int(row.even);
  });
  std::filesystem::create_directory(staged.File("rep_plans"));
  std::vector<std::vector<uint32_t>> of_rep(P.reps.size());
  for (size_t k = 0; k < P.rows.size(); ++k) of_rep[P.rows[k].rep].push_back(static_cast<uint32_t>(k));
  const std::vector<std::string> names = RepFileNames(P.reps);
  // Formatted and written rep by rep on the worker threads; one sync of the disk for them all.
  core::ParallelFor(P.reps.size(), threads, [&](size_t r) {
    std::vector<uint32_t>& list = of_rep[r];
    auto key = [&](uint32_t k) {
      const PlanRow& row = P.rows[k];
      return plan::WorkOrderKey(row.contacts, row.expected_gain, row.next_gain);
    };
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return plan::WorkOrderLess(key(a), ids[P.rows[a].customer], key(b), ids[P.rows[b].customer]);
    });
    std::string text = results::kRepPlanCsv.Header() + "\n";
    for (size_t k = 0; k < list.size(); ++k) {
      const PlanRow& row = P.rows[list[k]];
      CsvRow csv(text);
      csv.Int(k + 1).Text(ids[row.customer]);
      csv.Text(L.accounts.size() ? L.Field(L.accounts.name, row.customer) : std::string());
      csv.Text(c.TierName(row.customer)).Int(row.contacts).Num(row.expected_gain).Num(row.current);
      csv.Text(row.reason);
      text.push_back('\n');
    }
    io::WriteStagedFile(staged.File("rep_plans/" + names[r]), text);
  });
  io::SyncStaged(staged.File("rep_plans"));
}

// experts.csv (highest total score first) and expert_network.csv (the network's edges).
void WriteExperts(const io::OutputDir& staged, const Computed& c, size_t threads) {
  const ExpertList& E = *c.experts;
  WriteCsv(staged.File("experts.csv"), results::kExpertsCsv.Header(), E.ranked.size(), threads,
           [&](size_t k, CsvRow& csv) {
             const results::ExpertRow r = Row(E, E.ranked[k]);
             csv.Text(r.expert_id).Text(r.name).Text(r.specialty).Text(r.institution).Text(r.country);
             csv.Text(r.customer_id);
             for (double score : r.scores) csv.Num(score);
             csv.Num(r.pagerank).Num(r.total_score).Text(r.tier).Text(r.rising_star ? "yes" : "").Text(r.explanation);
           });
  const auto& experts = E.tables.experts;
  WriteCsv(staged.File("expert_network.csv"), results::kExpertNetworkCsv.Header(), E.network.edges.size(), threads,
           [&](size_t k, CsvRow& csv) {
             const expert::Edge& edge = E.network.edges[k];
             csv.Text(experts[edge.source].id).Text(experts[edge.target].id).Num(edge.weight);
           });
}

std::string WriteOutputs(const WriteInput& input) {
  const ProjectConfig& config = *input.config;
  const RunOptions& run_options = *input.run_options;
  const Computed& c = input.computed;
  results::Results& R = *input.results;
  const size_t threads = config.threads;
  const std::string out_dir = config.Resolve(config.out_dir);
  io::OutputDir::Options dir_options = OutDirOptions(config);
  dir_options.say = run_options.say;
  auto done = [&](const std::string& name) {
    if (run_options.after_output) run_options.after_output(name);
  };
  dir_options.after_swap = [&] { done("swapped"); };
  SayIf(run_options.say, fmt::format("writing {}", out_dir));
  io::OutputDir staged(out_dir, dir_options);
  auto out_path = [&](const char* name) {
    R.files.push_back(name);
    return staged.File(name);
  };
  WriteCustomers(out_path("customers.csv"), c, *input.checked, threads);
  done("customers.csv");
  WriteAlerts(out_path("alerts.csv"), c, config.alert_lookahead.days, threads);
  done("alerts.csv");
  WriteReferences(out_path("reference_customers.csv"), c, threads);
  done("reference_customers.csv");
  WriteAccounts(out_path("accounts.csv"), c, threads);
  done("accounts.csv");
  if (c.plan != nullptr && c.plan->planned) {
    R.files.push_back("plan.csv");
    R.files.push_back("rep_plans/");
    SayIf(run_options.say, "writing plan.csv and rep_plans/");
    WritePlan(staged, c, threads);
    done("plan.csv");
  }
  if (c.experts != nullptr && c.experts->present) {
    SayIf(run_options.say, "writing experts.csv and expert_network.csv");
    R.files.push_back("experts.csv");
    R.files.push_back("expert_network.csv");
    WriteExperts(staged, c, threads);
    done("experts.csv");
  }
  if ((c.plan != nullptr && c.plan->planned) || (c.experts != nullptr && c.experts->present)) {
    SayIf(run_options.say, "writing model.json, spend_model.json and results.json");
  }
  model::WriteModelJson(c.models->purchase, out_path("model.json"));
  done("model.json");
  model::WriteModelJson(c.models->spend, out_path("spend_model.json"));
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
  return out_dir;
}

}  // namespace winnow::project
