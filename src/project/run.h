// The main job, `winnow run DIR`: from a project's transaction log (and optional customers table,
// referrals log and ground truth) to customer value, tiers, key accounts, account roll-up, churn
// alerts and reference customers, written to DIR/out/.
//
// Steps:
//  1. Read the log; summarize it twice: up to the calibration end (with holdout) and over the
//     whole observation period.
//  2. Choose the purchase model: fit each candidate on the calibration period of a deterministic
//     sample of customers and rank by holdout MAE per customer, then BIC (or take the model named
//     in winnow.toml). Refit the chosen model, and Gamma-Gamma for spend, on the whole period.
//  3. Score every customer (value/customer_value.h), add referral value (value/referral.h), roll
//     values up the account tree (value/accounts.h).
//  4. Tiers, key accounts, RFM, concentration (segment/tiers.h); alerts (segment/alerts.h);
//     reference customers (segment/reference.h); with a truth file, how well the value ranking
//     predicts realized value against last year's revenue (segment/ranking.h).
//  5. Write customers.csv, accounts.csv, alerts.csv, reference_customers.csv, model.json,
//     spend_model.json and results.json, only after everything is computed, into a fresh folder
//     beside out/ that then replaces out/ as a whole (io/output_dir.h): a reader or a crash finds
//     the previous run's outputs or this run's, never a mix.
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
