// The one error type for everything a user can get wrong: bad input data, bad configuration,
// bad command-line usage, files that cannot be read or written. Bugs of ours are assertions.
//
// Rendered form (Error::Render):
//   orders.csv:1043:3: column "amount": cannot parse "12,5x" as a number
//     1043 | C17,2024-03-01,"12,5x"
//   hint: amounts like 1.234,56 need --decimal-comma
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::core {

enum class ErrorKind {
  kUsage,   // command line: unknown option, bad option value
  kInput,   // data: a file's content is not what was expected
  kConfig,  // configuration file
  kIo,      // a file cannot be opened, read, written or renamed
  kFit,     // a model cannot be fitted to the data
};

// Exit status of the winnow executable for each kind (documented in README "Exit status").
int ExitCode(ErrorKind kind);

class Error : public std::exception {
 public:
  Error(ErrorKind kind, std::string message);

  const char* what() const noexcept override { return what_.c_str(); }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

  // Where in a file the problem is; line and column are 1-based, 0 when unknown.
  Error& At(std::string file, int64_t line = 0, int64_t column = 0);
  Error& Field(std::string field_name);      // the column (field) name, e.g. "amount"
  Error& Excerpt(std::string_view raw_line);  // the offending line as found (shortened)
  Error& Hint(std::string hint);

  const std::string& file() const { return file_; }
  int64_t line() const { return line_; }
  int64_t column() const { return column_; }
  const std::string& field() const { return field_; }
  const std::string& excerpt() const { return excerpt_; }
  const std::string& hint() const { return hint_; }

  // The first line: "file:line:column: column "field": message".
  std::string Headline() const;
  // Headline, then the excerpt and the hint on lines of their own.
  std::string Render() const;

 private:
  void Refresh();

  ErrorKind kind_;
  std::string message_;
  std::string file_;
  int64_t line_ = 0;
  int64_t column_ = 0;
  std::string field_;
  std::string excerpt_;
  std::string hint_;
  std::string what_;
};

// A printable excerpt of user text: at most max_bytes, control characters and invalid UTF-8
// shown as escapes, "..." appended when shortened.
std::string Printable(std::string_view text, size_t max_bytes = 80);

// A list for a message: "a, b or c" ("a" alone, "a or b", "" for none).
std::string JoinOr(const std::vector<std::string>& items);

// The candidate closest to `word` by edit distance, or "" when none is close enough.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace winnow::core
