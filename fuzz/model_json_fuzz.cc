// Fuzz target: model.json (src/model/model_file.cc through nlohmann::json). Input: the file.
// Only core::Error may come out, and a model read has finite parameters > 0.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "model/model_file.h"

using namespace winnow;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fuzz::WriteFile("model.json", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const model::SavedModel saved = model::ReadModelJson(path);
    for (double p : saved.fit.params) {
      if (!(p > 0) || !std::isfinite(p)) {
        std::fprintf(stderr, "invariant broken: a parameter %g was accepted\n", p);
        std::abort();
      }
    }
  } catch (const core::Error& e) {
    if (e.message().empty()) std::abort();
  }
  return 0;
}
