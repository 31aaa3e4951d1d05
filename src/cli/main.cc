// winnow: which customers and experts deserve a company's time and budget.
// A thin main: parse the command line, run the chosen command, map errors to exit codes.
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"
#include "io/output_file.h"

namespace {

int Main(int argc, char** argv);

// Standard streams closed by the caller (`>&-`) get /dev/null opened the wrong way round
// (stdout and stderr read-only, stdin write-only): no file winnow opens takes their number (and
// receives what is meant for stdout), and using them fails (EBADF) and is reported.
void KeepStandardStreamsTaken() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int opened = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  KeepStandardStreamsTaken();
  // A broken pipe and a file size limit are write errors (exit status 3), not deaths by signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  const int status = Main(argc, argv);
  // Whatever went to stdout must have arrived: a full disk or a closed stdout fails the command.
  std::string error;
  if (!winnow::io::StdoutOk(&error) && status == 0) {
    std::fprintf(stderr, "winnow: error: standard output: cannot write: %s\n", error.c_str());
    return 3;
  }
  return status;
}

namespace {

int Main(int argc, char** argv) {
  using winnow::core::Error;
  CLI::App app{"winnow: customer value, tiers, churn warnings, effort plans and expert scores"};
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
  add(winnow::cli::AddFitCommand(app, global));
  add(winnow::cli::AddPredictCommand(app, global));
  add(winnow::cli::AddCompareCommand(app, global));
  add(winnow::cli::AddDistributionCommand(app, global));
  add(winnow::cli::AddRunCommand(app, global));
  add(winnow::cli::AddPlanCommand(app, global));
  add(winnow::cli::AddExpertsCommand(app, global));
  add(winnow::cli::AddReportCommand(app, global));
  add(winnow::cli::AddServeCommand(app, global));

  // An unknown command: name the closest one (CLI11 would only say that a command is required).
  for (int k = 1; k < argc; ++k) {
    const std::string word = argv[k];
    if (!word.empty() && word[0] == '-') continue;
    std::vector<std::string> names;
    for (const auto& entry : commands) names.push_back(entry.first->get_name());
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      const std::string guess = winnow::core::DidYouMean(word, names);
      std::fprintf(stderr, "winnow: unknown command \"%s\"%s; commands: %s\nRun 'winnow --help' for usage.\n",
                   word.c_str(), guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess).c_str(),
                   fmt::format("{}", fmt::join(names, ", ")).c_str());
      return 2;
    }
    break;
  }

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
    // An unknown option, whatever CLI11 complained of first: name the closest option of the command.
    std::string command_word;
    for (int k = 1; k < argc && command_word.empty(); ++k) {
      if (argv[k][0] != '-') command_word = argv[k];
    }
    {
      for (const auto& [command, action] : commands) {
        if (command->get_name() != command_word) continue;
        std::vector<std::string> names = {"--help", "--quiet", "--version"};
        for (const CLI::Option* option : command->get_options()) {
          for (const auto& name : option->get_lnames()) names.push_back("--" + name);
        }
        for (int k = 1; k < argc; ++k) {
          const std::string word = argv[k];
          if (word.rfind("--", 0) != 0) continue;
          const std::string bare = word.substr(0, word.find('='));
          if (std::find(names.begin(), names.end(), bare) != names.end()) continue;
          const std::string guess = winnow::core::DidYouMean(bare, names);
          message = fmt::format("unknown option {} for '{}'{}", bare, command->get_name(),
                                guess.empty() ? "" : fmt::format("; did you mean {}?", guess));
          break;
        }
      }
    }
    std::fprintf(stderr, "winnow: %s\nRun 'winnow --help' or 'winnow COMMAND --help' for usage.\n", message.c_str());
    return 2;
  }

  try {
    for (const auto& [command, action] : commands) {
      if (!command->parsed()) continue;
      winnow::cli::RunOptionChecks(command);  // the range checks of the options (cli/options.h)
      return action();
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

}  // namespace
