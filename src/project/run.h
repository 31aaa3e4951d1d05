// The main job, `winnow run DIR`: from a project's transaction log (and optional customers table,
// referrals log and ground truth) to customer value, tiers, key accounts, account roll-up, churn
// alerts and reference customers, written to DIR/out/.
//
// RunProject is the list of its stages, one file each in project/stages/ with a plain input and
// output struct (docs/ARCHITECTURE.md):
//   1 ingest      read the log, fix the periods, summarize per customer (stages/ingest.h)
//   2 choose      fit each candidate on the calibration period of a deterministic sample and
//                 rank on the holdout (model/selection.h), or take the model of winnow.toml
//   3 fit         refit the chosen model, and Gamma-Gamma for spend, on the whole period
//   4 score       value per customer (value/customer_value.h)
//   5 referrals   referral value (value/referral.h) and total value
//   6 accounts    the customers table and its parents (value/accounts.h)
//   7 tiers       ranking, tiers, key accounts, RFM, concentration (segment/tiers.h)
//   8 alerts      churn alerts by value at risk (segment/alerts.h)
//   9 reference   reference customers (segment/reference.h)
//  10 evaluate    with a truth file, the ranking against realized value (segment/evaluation.h)
//  11 roll-up     values summed up the account tree
//  12 headline    the headline and the lists of results.json
//  13 check       the plausibility guard (value/plausibility.h)
//  14 write       customers.csv, accounts.csv, alerts.csv, reference_customers.csv, model.json,
//                 spend_model.json and results.json, only after everything is computed, into a
//                 fresh folder beside out/ that then replaces out/ as a whole (io/output_dir.h):
//                 a reader or a crash finds the previous run's outputs or this run's, never a mix.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/transactions.h"
#include "project/config.h"
#include "results/results.h"

namespace winnow::project {

struct RunOptions {
  std::function<void(const std::string&)> say;  // progress lines; may be empty
  // Writes more files into the folder of outputs before it is swapped in (winnow run:
  // report.html) and returns their names; may be empty.
  std::function<std::vector<std::string>(const std::string& folder)> more_outputs;
  // Testing (fault injection): called with each output's name once it is complete in the
  // staging folder, then with "swapped" right after the swap, before the previous outputs are
  // removed. It may throw (a write error) or stop the process.
  std::function<void(const std::string& name)> after_output;
};

// Whether `name` may be found in a run's out/ folder: the outputs, and the temporary files of
// winnow writing them (older versions' "<output>.tmp-<pid>" too). A run refuses to replace a
// folder holding anything else.
bool IsRunOutput(std::string_view name);

struct RunOutcome {
  results::Results results;
  std::string out_dir;
  double seconds = 0;
};

RunOutcome RunProject(const ProjectConfig& config, const RunOptions& options = {});

// The project's transaction log files (globs expanded) and the log read with its settings.
std::vector<std::string> LogPaths(const ProjectConfig& config);
io::TransactionLog ReadProjectLog(const ProjectConfig& config);

// The short summary `winnow run` prints: customers, the model and why, concentration, tiers,
// alerts and value at risk (and the evaluation when there is a truth file).
std::string FormatRunSummary(const RunOutcome& outcome);

}  // namespace winnow::project
