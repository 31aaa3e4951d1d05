// Splitting CSV text into records and fields, shared by the readers: RFC 4180 quoting (a quote
// opens a quoted field only at the start of a field; inside, a doubled quote is a quote),
// configurable delimiter, blank-separated text without quoting, and finding record boundaries
// the same way the splitter reads them (to cut input into blocks and ranges).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace winnow::io::csv {

inline constexpr std::string_view kQuoteHint =
    "a field holding the delimiter, a quote or a line break must be quoted, with inner quotes "
    "doubled (\"\"), after RFC 4180";

enum class SplitStatus { kOk, kUnterminatedQuote, kQuoteInField, kTextAfterQuote };

// The first delimiter, line feed or quote in [p, end), or end: 16 bytes at a time with SSE2
// (never reading past end), the rest byte by byte.
inline char* FindStop(char* p, char* end, char delimiter) {
#ifdef __SSE2__
  const __m128i want_delimiter = _mm_set1_epi8(delimiter);
  const __m128i want_newline = _mm_set1_epi8('\n');
  const __m128i want_quote = _mm_set1_epi8('"');
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, want_delimiter), _mm_cmpeq_epi8(bytes, want_newline)),
                                      _mm_cmpeq_epi8(bytes, want_quote));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != delimiter && *p != '\n' && *p != '"') ++p;
  return p;
}

// Splits the delimited record at p into fields (quoted ones unescaped in place) and sets *next
// to the start of the following record, or on an error to where reading stopped. Counts line breaks passed into *newlines.
inline SplitStatus SplitDelimited(char* p, char* end, char delimiter, std::vector<std::string_view>& fields,
                           char** next, uint64_t* newlines) {
  fields.clear();
  for (;;) {
    if (p < end && *p == '"') {
      char* content = p + 1;
      char* write = content;
      char* scan = content;
      for (;;) {
        char* quote = static_cast<char*>(std::memchr(scan, '"', static_cast<size_t>(end - scan)));
        if (quote == nullptr) {
          fields.emplace_back(content, 0);
          *next = end;
          return SplitStatus::kUnterminatedQuote;
        }
        *newlines += static_cast<uint64_t>(std::count(scan, quote, '\n'));
        if (write != scan) std::memmove(write, scan, static_cast<size_t>(quote - scan));
        write += quote - scan;
        if (quote + 1 < end && quote[1] == '"') {
          *write++ = '"';
          scan = quote + 2;
          continue;
        }
        fields.emplace_back(content, static_cast<size_t>(write - content));
        p = quote + 1;
        break;
      }
      if (p == end) {
        *next = end;
        return SplitStatus::kOk;
      }
      if (*p == delimiter) {
        ++p;
        continue;
      }
      if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
        ++*newlines;
        *next = p + (*p == '\r' ? 2 : 1);
        return SplitStatus::kOk;
      }
      *next = p;
      return SplitStatus::kTextAfterQuote;
    }
    char* start = p;
    p = FindStop(p, end, delimiter);
    if (p < end && *p == '"') {
      fields.emplace_back(start, static_cast<size_t>(p - start));
      *next = p;
      return SplitStatus::kQuoteInField;
    }
    char* stop = p;
    if (stop > start && stop[-1] == '\r' && (p == end || *p == '\n')) --stop;
    fields.emplace_back(start, static_cast<size_t>(stop - start));
    if (p == end) {
      *next = end;
      return SplitStatus::kOk;
    }
    if (*p == delimiter) {
      ++p;
      continue;
    }
    ++*newlines;
    *next = p + 1;
    return SplitStatus::kOk;
  }
}

// Splits a record whose fields are separated by runs of blanks (no quoting).
inline void SplitWhitespace(char* p, char* end, std::vector<std::string_view>& fields, char** next,
                     uint64_t* newlines) {
  fields.clear();
  for (;;) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
    if (p == end) {
      *next = end;
      return;
    }
    if (*p == '\n') {
      ++*newlines;
      *next = p + 1;
      return;
    }
    char* start = p;
    while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') ++p;
    fields.emplace_back(start, static_cast<size_t>(p - start));
  }
}

inline bool IsBlankLine(const char* p, const char* end, const char** after) {
  const char* q = p;
  while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
  if (q == end || *q == '\n') {
    *after = q == end ? end : q + 1;
    return true;
  }
  return false;
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The text of the record starting at p, up to its end (for error excerpts).
inline std::string_view RecordText(const char* p, const char* end) {
  const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  const char* stop = eol == nullptr ? end : eol;
  if (stop > p && stop[-1] == '\r') --stop;
  return {p, static_cast<size_t>(stop - p)};
}

// Record boundaries in delimited text, read the way SplitDelimited reads it: a quote opens a
// quoted field only at the start of a field, and a quote inside an unquoted field is taken as a
// plain character (the parser reports it; boundaries must not shift because of it).
class RecordScanner {
 public:
  explicit RecordScanner(char delimiter) : delimiter_(delimiter) {}

  // From a record start at `from`: the start of the first record that begins after `target`
  // (at target + 1 or later), or nullptr when no record ends before `end`.
  const char* NextRecordStart(const char* from, const char* target, const char* end, bool quotes) const {
    if (!quotes) {
      const char* nl = static_cast<const char*>(std::memchr(target, '\n', static_cast<size_t>(end - target)));
      return nl == nullptr ? nullptr : nl + 1;
    }
    State state = kFieldStart;
    for (const char* p = from; p < end; ++p) {
      if (Step(&state, *p) && p + 1 > target) return p + 1;
    }
    return nullptr;
  }

  // From a record start: the end of the last complete record in [from, end), or nullptr.
  const char* LastRecordEnd(const char* from, const char* end, bool quotes) const {
    if (!quotes) {
      const char* nl = static_cast<const char*>(memrchr(from, '\n', static_cast<size_t>(end - from)));
      return nl == nullptr ? nullptr : nl + 1;
    }
    State state = kFieldStart;
    const char* last = nullptr;
    for (const char* p = from; p < end; ++p) {
      if (Step(&state, *p)) last = p + 1;
    }
    return last;
  }

  // From inside an unquoted field (where the parser gave up on a record): the start of the next
  // record, or nullptr.
  const char* SkipRest(const char* from, const char* end) const {
    State state = kUnquoted;
    for (const char* p = from; p < end; ++p) {
      if (Step(&state, *p)) return p + 1;
    }
    return nullptr;
  }

 private:
  enum State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  // Advances over one character; true when it ends a record.
  bool Step(State* state, char c) const {
    switch (*state) {
      case kFieldStart:
        if (c == '"') {
          *state = kQuoted;
          return false;
        }
        [[fallthrough]];
      case kUnquoted:
        if (c == '\n') {
          *state = kFieldStart;
          return true;
        }
        *state = c == delimiter_ ? kFieldStart : kUnquoted;
        return false;
      case kQuoted:
        if (c == '"') *state = kQuoteInQuoted;
        return false;
      case kQuoteInQuoted:
        if (c == '"') {
          *state = kQuoted;
          return false;
        }
        if (c == '\n') {
          *state = kFieldStart;
          return true;
        }
        *state = c == delimiter_ ? kFieldStart : kUnquoted;
        return false;
    }
    return false;
  }

  char delimiter_;
};

}  // namespace winnow::io::csv
