// What the stages of the main job (project/run.h) share: the progress callback and the mark of
// "no row". Each stage is a function from a plain input struct to a plain output struct, in its
// own file, with its own tests (tests/project/stages/).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

namespace winnow::project {

// Progress lines of a stage; may be empty.
using Say = std::function<void(const std::string&)>;

inline void SayIf(const Say& say, const std::string& line) {
  if (say) say(line);
}

// No customer row (a log id without a purchase by the observation end), no account, no alert.
inline constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();

}  // namespace winnow::project
