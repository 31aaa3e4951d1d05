// Helpers shared by the tests: a private temporary directory per test and small file helpers.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace winnow::testing {

// A fresh directory under ::testing::TempDir(), removed with everything in it at the end of
// the scope, so tests can run in parallel (ctest -j).
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "winnow_test_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed for " << pattern;
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }
  // Writes `content` byte for byte to a file in the directory and returns its path.
  std::string Write(std::string_view name, std::string_view content) const {
    const std::string file = File(name);
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    EXPECT_TRUE(out.good()) << "cannot write " << file;
    return file;
  }

 private:
  std::string path_;
};

// The rendered core::Error that `fn` throws, or "no error".
inline std::string ErrorText(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    return e.Render();
  }
  return "no error";
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A std::vector copy of any container (for comparisons and printing).
template <typename Container>
std::vector<typename Container::value_type> ToVector(const Container& c) {
  return {c.begin(), c.end()};
}

inline bool Exists(const std::string& path) { return std::filesystem::exists(path); }

// The day of an ISO date written in a test (the parse is checked too).
inline core::Day D(const char* iso) {
  core::Day day = 0;
  EXPECT_EQ(core::DateParser::Iso().Parse(iso, &day), core::DateStatus::kOk) << iso;
  return day;
}

}  // namespace winnow::testing
