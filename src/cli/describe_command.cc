#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "io/output_file.h"
#include "summary/describe.h"

namespace winnow::cli {

Action AddDescribeCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "describe", "Describe a transaction log: size, period, repeat buying, revenue concentration");
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  auto json_path = std::make_shared<std::string>();
  AddIngestOptions(command, ingest.get());
  AddPeriodOptions(command, period.get());
  command->add_option("--json", *json_path, "Also write the description as JSON to this file");
  return [=, &global]() {
    const LoadedSummary loaded = LoadSummary(*ingest, *period, global);
    const summary::Description description = summary::Describe(loaded.log, loaded.summary);
    io::WriteStdout(summary::RenderText(description));
    if (!json_path->empty()) {
      io::OutputFile file(*json_path);
      file.Write(summary::RenderJson(description));
      file.Commit();
    }
    return 0;
  };
}

}  // namespace winnow::cli
