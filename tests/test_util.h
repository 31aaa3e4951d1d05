// Helpers shared by the tests: the one check for expected errors (ExpectError), a private
// temporary directory per test and small file helpers.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <source_location>
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

// What an expected core::Error says. Every field given is checked (exactly; as a part for the
// `_has` ones), the others are not. State the strongest fact the test knows: the whole rendered
// text (headline, excerpt line, hint), else the headline (which carries the position
// "file:line:column: column "field": message"), else the message with the position as
// file/line/column; the `_has` checks are for texts with parts the test cannot spell (an OS
// message, a temporary path) or for a family of errors checked in a loop. Give the fields in
// declaration order (C++20 designated initializers):
//   ExpectError([&] { Read(path); }, ErrorKind::kInput, {.headline = path + ":3:2: column \"date\": ..."});
//   ExpectError([&] { Fit(BgNbd(), data); }, ErrorKind::kFit, {.message = "bgnbd: ...", .hint = "..."});
struct ErrorSays {
  std::optional<std::string> rendered = {};      // Error::Render()
  std::optional<std::string> headline = {};      // Error::Headline()
  std::optional<std::string> message = {};       // Error::message(), without position, field or hint
  std::optional<std::string> message_has = {};   // a part of Error::message()
  std::optional<std::string> rendered_has = {};  // a part of Error::Render()
  std::optional<std::string> file = {};
  std::optional<int64_t> line = {};
  std::optional<int64_t> column = {};
  std::optional<std::string> field = {};
  std::optional<std::string> excerpt = {};
  std::optional<std::string> hint = {};
};

namespace internal {

inline const char* KindName(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kUsage: return "usage";
    case core::ErrorKind::kInput: return "input";
    case core::ErrorKind::kConfig: return "config";
    case core::ErrorKind::kIo: return "io";
    case core::ErrorKind::kFit: return "fit";
  }
  return "?";
}

// Checks a caught error against `says`; failures are reported at `where` (the test's line).
inline void CheckError(const core::Error& e, core::ErrorKind kind, const ErrorSays& says,
                       const std::source_location& where) {
  const auto fail = [&](const char* what, const std::string& expected, const std::string& actual) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "the error's " << what << " is not the expected one\n  expected: \"" << expected << "\"\n    actual: \""
        << actual << "\"\nthe error (" << KindName(e.kind()) << "):\n" << e.Render();
  };
  if (e.kind() != kind) fail("kind", KindName(kind), KindName(e.kind()));
  if (says.rendered && e.Render() != *says.rendered) fail("rendered text", *says.rendered, e.Render());
  if (says.headline && e.Headline() != *says.headline) fail("headline", *says.headline, e.Headline());
  if (says.message && e.message() != *says.message) fail("message", *says.message, e.message());
  if (says.message_has && e.message().find(*says.message_has) == std::string::npos) {
    fail("message", "..." + *says.message_has + "...", e.message());
  }
  if (says.rendered_has && e.Render().find(*says.rendered_has) == std::string::npos) {
    fail("rendered text", "..." + *says.rendered_has + "...", e.Render());
  }
  if (says.file && e.file() != *says.file) fail("file", *says.file, e.file());
  if (says.line && e.line() != *says.line) fail("line", std::to_string(*says.line), std::to_string(e.line()));
  if (says.column && e.column() != *says.column) {
    fail("column", std::to_string(*says.column), std::to_string(e.column()));
  }
  if (says.field && e.field() != *says.field) fail("field", *says.field, e.field());
  if (says.excerpt && e.excerpt() != *says.excerpt) fail("excerpt", *says.excerpt, e.excerpt());
  if (says.hint && e.hint() != *says.hint) fail("hint", *says.hint, e.hint());
}

}  // namespace internal

// The one check for an expected error: `action` throws a core::Error of `kind` that says what
// `says` gives. Returns the error for further checks (after a failure for "nothing thrown", an
// error with the message "<no error was thrown>"). Failures are reported at the caller's line,
// with the whole error.
template <typename Action>
core::Error ExpectError(Action&& action, core::ErrorKind kind, const ErrorSays& says = {},
                        std::source_location where = std::source_location::current()) {
  const char* file = where.file_name();
  const int line = static_cast<int>(where.line());
  try {
    action();
  } catch (const core::Error& e) {
    internal::CheckError(e, kind, says, where);
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE_AT(file, line) << "expected a core::Error (" << internal::KindName(kind)
                               << "), got a std::exception: " << e.what();
    return core::Error(kind, "<another exception was thrown>");
  }
  ADD_FAILURE_AT(file, line) << "expected a core::Error (" << internal::KindName(kind) << "), nothing was thrown";
  return core::Error(kind, "<no error was thrown>");
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
