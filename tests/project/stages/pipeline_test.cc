// Stages 13 and 15, the headline and the writer, on the outputs of the other stages run one after
// the other on a simulated project with a customers table, as RunProject runs them.
#include <gtest/gtest.h>

#include <fstream>

#include <algorithm>
#include "project/run.h"
#include "project/stages/account_views.h"
#include "project/stages/check.h"
#include "project/stages/choose_model.h"
#include "project/stages/headline.h"
#include "project/stages/stage_test_util.h"
#include "project/stages/write.h"
#include "results/columns.h"

namespace winnow::project {
namespace {

using testing::SimulatedProject;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

struct Pipeline {
  TempDir dir;
  ProjectConfig config;
  Ingested in;
  FittedModels models;
  Scores scores;
  Referrals referrals;
  AccountLinks accounts;
  Tiering tiering;
  std::unique_ptr<model::PurchasePredictor> predictor;
  AlertList alerts;
  ReferenceList references;
  Rollup rollup;
  std::vector<uint32_t> log_rows;

  Pipeline() {
    // Every third customer in a table, under two groups; one prospect.
    std::string table = "customer_id,name,type,region,owner,parent_id,potential\nG1,Group 1,group,North,Ann,,\n"
                        "G2,Group 2,group,South,Bob,,\nP1,Prospect,practice,North,Ann,,900\n";
    for (int k = 1; k <= 900; k += 3) {
      table += fmt::format("C{:03},Name {},{},{},{},{},{}\n", k, k, k % 2 ? "hospital" : "pharmacy", k % 4 ? "North" : "South",
                           k % 5 ? "Ann" : "Bob", k % 2 ? "G1" : "G2", k % 7 ? std::to_string(50 * k) : "");
    }
    dir.Write("customers.csv", table);
    config = SimulatedProject(dir, 900, "customers = \"customers.csv\"\n[model]\nname = \"bgnbd\"\n");
    in = Ingest({&config, {}});
    const ModelChoice choice = ChooseModel({&in.log, in.calibration_options, "bgnbd", {}, 0, 0, 0, "week",
                                            core::FormatDay(in.period.calibration_end),
                                            core::FormatDay(in.period.observation_end), {}});
    models = FitModels({&in.summary, "bgnbd", choice.section.candidates.front().fit.params, 0, 0, 0, "week", {}});
    scores = Score({&in.summary, &in.ids, &models.purchase, models.gg, 7, config.horizon.days, 0.1, 0.3, 91, 0});
    const value::CustomerValues& V = scores.values;
    referrals =
        ComputeReferrals({&in, &V, "", "iso", 0.2, false, 0.3, scores.options.horizon, scores.options.discount_rate});
    accounts = LinkAccounts({&in, &V.annual_revenue, config.Resolve(config.customers), config.customers, "", false});
    tiering = TierCustomers({&in.summary, &referrals.value, &V.clv, &V.p_alive, &accounts.upside,
                             in.period.observation_end, {0.5, 0.8}, {"A", "B", "C"}, 0.05, 0.05, 0.1});
    log_rows = in.CustomerOfLogRows();
    predictor = model::MakePredictor(models.purchase);
    AlertsInput ai;
    ai.ingested = &in;
    ai.customer_of_log_row = &log_rows;
    ai.values = &V;
    ai.predictor = predictor.get();
    ai.tier = &tiering.tier;
    ai.value = &referrals.value;
    ai.lost_upside = &tiering.lost_upside;
    ai.margin = 0.3;
    ai.horizon_days = config.horizon.days;
    ai.alert_tiers = {"A", "B"};
    ai.tier_names = {"A", "B", "C"};
    alerts = FindAlerts(ai);
    references = FindReferences({&in, &accounts, &alerts.gaps, &V.p_alive, &tiering.tier, {"A", "B", "C"}, {"tier"},
                                 true, {}, {}});
    rollup = RollUpAccounts({&accounts, &alerts, &V.clv, &referrals.values.total, &referrals.value, &V.annual_revenue});
  }
  Computed computed() const {
    return {&in,         &models, &scores, &referrals, &accounts, &tiering, &alerts,
            &references, &rollup, nullptr, nullptr,    {"A", "B", "C"}};
  }
};

// The Account 360 of the top parents: the objects of value/account_view.h over the run's own
// vectors, agreeing with the roll-up and the customers.
TEST(AccountViewsStage, TopParentsAgreeWithTheRollUp) {
  Pipeline p;
  const nlohmann::ordered_json views = TopAccountViews({p.computed(), &p.log_rows, 10, 91});
  ASSERT_EQ(views.size(), p.rollup.top_parents.size());
  ASSERT_EQ(views.size(), 2u);  // G1 and G2
  for (size_t k = 0; k < views.size(); ++k) {
    const auto& v = views[k];
    const results::AccountRow& row = p.rollup.top_parents[k];
    EXPECT_EQ(v["account"]["account_id"], row.account_id);
    EXPECT_DOUBLE_EQ(v["account"]["value"].get<double>(), row.value);
    double tier_value = 0;
    uint64_t tier_customers = 0;
    for (const auto& t : v["tiers"]) {
      tier_value += t["value"].get<double>();
      tier_customers += t["customers"].get<uint64_t>();
    }
    EXPECT_NEAR(tier_value, row.value, 1e-9 * row.value);
    EXPECT_EQ(tier_customers, row.customers);
    EXPECT_EQ(v["alerts"]["at_risk"].get<uint64_t>(), row.alerts);
    EXPECT_EQ(v["alerts"]["lost"].get<uint64_t>(), row.lost);
    EXPECT_EQ(v["children"]["count"].get<uint64_t>(), row.children);
    EXPECT_EQ(v["history"]["months"].size(), 24u);
    EXPECT_TRUE(v["experts"].is_null());  // no experts, no plan in this project
    EXPECT_TRUE(v["plan"].is_null());
    // The revenue of the history's months: the subtree's purchases in those months.
    double months = 0;
    for (const auto& r : v["history"]["revenue"]) months += r.get<double>();
    EXPECT_GT(months, 0);
  }
}

TEST(HeadlineStage, TotalsAndTopListsAgreeWithTheCustomers) {
  Pipeline p;
  const HeadlineLists h = MakeHeadline({p.computed(), p.tiering.tiers, 20, 7, 100, 200, "clv", 91});
  const size_t n = p.in.customers();
  double total = 0, clv = 0;
  uint64_t key = 0;
  double referral = 0;
  for (size_t i = 0; i < n; ++i) {
    total += p.referrals.value[i], clv += p.scores.values.clv[i], key += p.tiering.key(i);
    referral += p.referrals.values.total[i];
  }
  EXPECT_EQ(h.headline.customers, n);
  EXPECT_DOUBLE_EQ(h.headline.value, total);
  EXPECT_DOUBLE_EQ(h.headline.customer_value, clv);
  EXPECT_DOUBLE_EQ(h.headline.referral_value, referral);
  EXPECT_EQ(h.headline.key_accounts, key);
  EXPECT_EQ(h.headline.alerts + h.headline.lost, p.alerts.alerts.size());
  EXPECT_EQ(h.headline.alerts, p.alerts.at_risk);
  EXPECT_EQ(h.headline.first_tier, "A");
  EXPECT_EQ(h.headline.first_tier_customers, p.tiering.tiers.front().customers);
  ASSERT_EQ(h.top_customers.size(), 20u);
  for (size_t k = 0; k < 20; ++k) {
    const size_t i = p.tiering.ranked[k];
    EXPECT_EQ(h.top_customers[k].customer_id, p.in.ids[i]);
    EXPECT_EQ(h.top_customers[k].name, p.accounts.Field(p.accounts.accounts.name, i));
    EXPECT_DOUBLE_EQ(h.top_customers[k].value, p.referrals.value[i]);
  }
  ASSERT_EQ(h.top_alerts.size(), std::min<size_t>(7, p.alerts.at_risk) + std::min<size_t>(100, p.alerts.lost));
  ASSERT_GT(h.top_alerts.size(), 0u);
  EXPECT_EQ(h.top_alerts[0].customer_id, p.in.ids[p.alerts.alerts[0].row]);
  ASSERT_EQ(h.reference_customers.size(), p.references.customers.size());
  for (size_t k = 0; k < h.reference_customers.size(); ++k) {
    EXPECT_EQ(h.reference_customers[k].customer_id, p.in.ids[p.references.customers[k].row]);
  }
}

// Every output of the writer: the files of the list, each CSV with its declared header
// (results/columns.h) and as many fields in each row, one row per customer, alert, reference
// customer and listed account.
TEST(WriteStage, WritesEveryOutputWhole) {
  Pipeline p;
  const value::CustomerValues& V = p.scores.values;
  const Checked checked = CheckResults({&p.in, &V, 1, {0.5, 0.3, 0.2}, {"A", "B", "C"}, false});
  results::Results R;
  R.tier_names = {"A", "B", "C"};
  RunOptions options;
  std::vector<std::string> done;
  options.after_output = [&](const std::string& name) { done.push_back(name); };
  const std::string out = WriteOutputs({p.computed(), &checked, &p.config, &options, &R});
  EXPECT_EQ(out, p.dir.File("out"));
  const std::vector<std::string> files = {"customers.csv", "alerts.csv", "reference_customers.csv", "accounts.csv",
                                          "model.json", "spend_model.json", "results.json"};
  EXPECT_EQ(R.files, files);
  EXPECT_EQ(done, files);
  const std::vector<std::pair<std::string, size_t>> rows = {{"customers.csv", p.in.customers()},
                                                            {"alerts.csv", p.alerts.alerts.size()},
                                                            {"reference_customers.csv", p.references.customers.size()},
                                                            {"accounts.csv", p.rollup.listed.size()}};
  for (const auto& [name, count] : rows) {
    std::ifstream in(out + "/" + name);
    std::string header;
    std::getline(in, header);
    const results::OutputTable* declared = nullptr;
    for (const results::OutputTable* table : results::kOutputTables) {
      if (table->file == name) declared = table;
    }
    ASSERT_NE(declared, nullptr) << name;
    EXPECT_EQ(header, declared->Header()) << name;
    const size_t fields = declared->columns.size();
    std::string line;
    size_t lines = 0;
    while (std::getline(in, line)) {
      ++lines;
      size_t commas = 0;
      bool quoted = false;
      for (char ch : line) {
        if (ch == '"') quoted = !quoted;
        commas += !quoted && ch == ',';
      }
      ASSERT_EQ(commas + 1, fields) << name << " line " << lines + 1 << ": " << line;
    }
    EXPECT_EQ(lines, count) << name;
  }
  const std::string customers = ReadFile(out + "/customers.csv");
  EXPECT_EQ(customers.rfind("customer_id,name,type,region,owner,parent_id,tier,key_account,rfm,value,", 0), 0u);
  EXPECT_NE(ReadFile(out + "/results.json").find("\"files\""), std::string::npos);
  // A second write replaces the folder whole: the same files, then the swap.
  results::Results again;
  again.tier_names = R.tier_names;
  done.clear();
  WriteOutputs({p.computed(), &checked, &p.config, &options, &again});
  std::vector<std::string> expected_done = files;
  expected_done.push_back("swapped");
  EXPECT_EQ(done, expected_done);
  EXPECT_EQ(ReadFile(out + "/customers.csv"), customers);
}

}  // namespace
}  // namespace winnow::project
