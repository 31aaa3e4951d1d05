// Fuzz target: winnow.toml (src/project/config.cc through toml++). Input: the file.
// Only core::Error may come out.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "project/config.h"

using namespace winnow;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::WriteFile("winnow.toml", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const project::ProjectConfig config = project::LoadProjectConfig(fuzz::WorkDir());
    if (config.transactions.empty() || config.tier_names.size() != config.tier_cuts.size() + 1) {
      std::fprintf(stderr, "invariant broken: a config without transactions or with unmatched tiers\n");
      std::abort();
    }
  } catch (const core::Error& e) {
    if (e.message().empty()) std::abort();
  }
  return 0;
}
