// winnow: which customers and experts deserve a company's time and budget.
// A thin main: parse the command line, run the chosen command, map errors to exit codes.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
  using winnow::core::Error;
  CLI::App app{"winnow: customer value, tiers, churn warnings and effort plans from transaction logs"};
  app.name("winnow");
  app.set_version_flag("--version", std::string("winnow ") + WINNOW_VERSION);
  app.require_subcommand(1);
  winnow::cli::GlobalArgs global;
  app.add_flag("--quiet,-q", global.quiet, "No progress or information on stderr")->configurable(false);
  app.fallthrough();

  std::vector<std::pair<CLI::App*, winnow::cli::Action>> commands;
  auto add = [&](winnow::cli::Action action) { commands.emplace_back(app.get_subcommands({}).back(), std::move(action)); };
  add(winnow::cli::AddSummarizeCommand(app, global));
  add(winnow::cli::AddDescribeCommand(app, global));
  add(winnow::cli::AddSimulateCommand(app, global));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (argc > 1 && argv[1][0] != '-' && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
      std::vector<std::string> names;
      for (const auto& [command, action] : commands) names.push_back(command->get_name());
      const std::string guess = winnow::core::DidYouMean(argv[1], names);
      if (!guess.empty() && app.get_subcommands().empty()) {
        message = fmt::format("unknown command \"{}\"; did you mean \"{}\"?", argv[1], guess);
      }
    }
    std::fprintf(stderr, "winnow: %s\nRun 'winnow --help' or 'winnow COMMAND --help' for usage.\n", message.c_str());
    return 2;
  }

  try {
    for (const auto& [command, action] : commands) {
      if (command->parsed()) return action();
    }
    std::fprintf(stderr, "winnow: no command given\n");
    return 2;
  } catch (const Error& e) {
    std::fprintf(stderr, "winnow: error: %s\n", e.Render().c_str());
    return winnow::core::ExitCode(e.kind());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "winnow: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: internal error: %s\n", e.what());
    return 1;
  }
}
