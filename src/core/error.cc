#include "core/error.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/utf8.h"

namespace winnow::core {

int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kInput:
    case ErrorKind::kConfig:
      return 2;
    case ErrorKind::kIo:
      return 3;
    case ErrorKind::kFit:
      return 4;
  }
  return 1;
}

Error::Error(ErrorKind kind, std::string message)
    : kind_(kind), message_(std::move(message)) {
  Refresh();
}

Error& Error::At(std::string file, int64_t line, int64_t column) {
  file_ = std::move(file);
  line_ = line;
  column_ = column;
  Refresh();
  return *this;
}

Error& Error::Field(std::string field_name) {
  field_ = std::move(field_name);
  Refresh();
  return *this;
}

Error& Error::Excerpt(std::string_view raw_line) {
  excerpt_ = Printable(raw_line, 160);
  Refresh();
  return *this;
}

Error& Error::Hint(std::string hint) {
  hint_ = std::move(hint);
  Refresh();
  return *this;
}

std::string Error::Headline() const {
  std::string out;
  if (!file_.empty()) {
    out += file_;
    if (line_ > 0) out += fmt::format(":{}", line_);
    if (line_ > 0 && column_ > 0) out += fmt::format(":{}", column_);
    out += ": ";
  }
  if (!field_.empty()) out += fmt::format("column \"{}\": ", field_);
  out += message_;
  return out;
}

std::string Error::Render() const {
  std::string out = Headline();
  if (!excerpt_.empty()) {
    out += line_ > 0 ? fmt::format("\n  {} | {}", line_, excerpt_) : fmt::format("\n  | {}", excerpt_);
  }
  if (!hint_.empty()) out += "\nhint: " + hint_;
  return out;
}

void Error::Refresh() { what_ = Headline(); }

std::string Printable(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\r') {
      out += "\\r";
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      const size_t n = Utf8SequenceLength(text.substr(i));
      if (n == 0) {
        out += fmt::format("\\x{:02x}", c);
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
    }
  }
  if (i < text.size()) out += "...";
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diag = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        const size_t up = row[j];
        const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                          std::tolower(static_cast<unsigned char>(b[j - 1]));
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
        diag = up;
      }
    }
    return row[b.size()];
  };
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const size_t d = distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string JoinOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += k + 1 == items.size() ? " or " : ", ";
    out += items[k];
  }
  return out;
}

}  // namespace winnow::core
