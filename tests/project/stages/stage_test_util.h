// Small projects for the tests of the main job's stages: a handful of hand-written rows (for the
// stages that only read, link, rank or check), or a simulated BG/NBD log (for the stages that fit).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "project/config.h"
#include "project/stages/ingest.h"
#include "simulate/simulate.h"
#include "test_util.h"

namespace winnow::project::testing {

using winnow::testing::TempDir;

// A project of `orders` (customer_id,date,amount rows after the header) and winnow.toml's lines
// after [input]'s transactions (`more_toml`, e.g. "customers = \"customers.csv\"\n[period]\n...").
inline ProjectConfig TinyProject(const TempDir& dir, const std::string& orders, const std::string& more_toml = "") {
  dir.Write("orders.csv", "customer_id,date,amount\n" + orders);
  dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\n" + more_toml);
  return LoadProjectConfig(dir.path());
}

// Six customers over 2024-2025: A buys often, B and C now and then, D once, E twice long ago, F
// every quarter.
inline const char* kSixCustomers =
    "A,2024-01-05,100\nA,2024-03-01,120\nA,2024-06-10,90\nA,2024-09-15,110\nA,2025-01-20,100\nA,2025-06-01,130\n"
    "A,2025-11-20,95\nB,2024-02-01,40\nB,2024-08-01,60\nB,2025-05-01,50\nC,2024-04-01,300\nC,2025-10-01,310\n"
    "D,2024-05-05,20\nE,2024-01-10,70\nE,2024-02-10,80\nF,2024-01-15,10\nF,2024-04-15,12\nF,2024-07-15,11\n"
    "F,2024-10-15,13\nF,2025-01-15,12\nF,2025-04-15,10\nF,2025-07-15,11\nF,2025-10-15,12\n";

// A project of `customers` simulated BG/NBD customers (r 0.5, alpha 8, a 0.6, b 3; Gamma-Gamma
// p 6, q 4, gamma 60) over two years of weeks from 2024-01-01; `toml` follows [input].
inline ProjectConfig SimulatedProject(const TempDir& dir, uint64_t customers, const std::string& toml = "") {
  simulate::SimulateOptions o;
  o.purchase = {0.5, 8, 0.6, 3};
  o.spend = simulate::GammaGammaParams{6, 4, 60};
  o.customers = customers;
  o.seed = 11;
  o.start = core::DaysFromCivil(2024, 1, 1);
  o.cohort_length = 26;
  o.observation_length = 104;
  const simulate::SimulatedLog log = simulate::SimulateBgNbd(o);
  simulate::WriteSimulatedCsv(log, o, dir.File("orders.csv"));
  dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\n" + toml);
  return LoadProjectConfig(dir.path());
}

// The rows of a CSV text, fields split at commas outside double quotes (quotes dropped).
inline std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        fields.emplace_back();
      } else {
        fields.back().push_back(ch);
      }
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace winnow::project::testing
