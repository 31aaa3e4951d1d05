// One function per command: each declares its options on a CLI11 subcommand and returns the
// action that runs it after parsing (exit status; errors are thrown as core::Error).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/options.h"

namespace winnow::cli {

using Action = std::function<int()>;

Action AddSummarizeCommand(CLI::App& root, const GlobalArgs& global);
Action AddDescribeCommand(CLI::App& root, const GlobalArgs& global);
Action AddSimulateCommand(CLI::App& root, const GlobalArgs& global);
Action AddFitCommand(CLI::App& root, const GlobalArgs& global);
Action AddPredictCommand(CLI::App& root, const GlobalArgs& global);
Action AddCompareCommand(CLI::App& root, const GlobalArgs& global);
Action AddDistributionCommand(CLI::App& root, const GlobalArgs& global);
Action AddRunCommand(CLI::App& root, const GlobalArgs& global);
Action AddPlanCommand(CLI::App& root, const GlobalArgs& global);
Action AddExpertsCommand(CLI::App& root, const GlobalArgs& global);
Action AddServeCommand(CLI::App& root, const GlobalArgs& global);
Action AddReportCommand(CLI::App& root, const GlobalArgs& global);

// Reads the log and summarizes it, with progress and a report of what was left out.
struct LoadedSummary {
  io::TransactionLog log;
  summary::CustomerSummary summary;
  double read_seconds = 0, summary_seconds = 0;
};
LoadedSummary LoadSummary(const IngestArgs& ingest, const PeriodArgs& period, const GlobalArgs& global);

}  // namespace winnow::cli
