// --model-file FILE: the fitted model (model.json from winnow fit) that predict and distribution
// read. --model names a model in every command (fit, compare, simulate), so here, where it once
// named the file, it is a usage error saying where the file goes now.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "model/registry.h"

namespace winnow::cli {

inline void AddModelFileOption(CLI::App* command, std::string* path, const std::string& description) {
  command->add_option("--model-file", *path, description)->required();
  std::vector<std::string> names;
  for (const auto& info : model::Models()) names.push_back(info.name);
  const std::string message = fmt::format(
      "--model now names a model ({}); give the fitted model's file with --model-file", fmt::join(names, ", "));
  // Hidden (no group). The check throws a parse error of its own: main prints its message and
  // exits with status 2 (a failed check would print the option's name before it).
  command->add_option("--model,-m")
      ->description("The old form of --model-file")
      ->group("")
      ->check(CLI::Validator(
          [message](const std::string&) -> std::string { throw CLI::ArgumentMismatch(message); }, ""));
}

}  // namespace winnow::cli
