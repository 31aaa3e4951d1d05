// Reads transaction logs: CSV after RFC 4180 (header row, quoted fields with embedded
// delimiters, quotes and newlines, CRLF, UTF-8 byte-order mark) with a configurable delimiter,
// or blank-separated files without quotes (like CDNOW_sample.txt). Several files form one log;
// gzip files are read directly.
//
// Parsing is parallel: each block of input is cut at record boundaries into one range per
// thread; ids are then interned in input order, so customer indices follow first appearance.
//
// Bad input throws core::Error(kInput) naming file, line, column (1-based field number), the
// text found and what was expected; with skip_bad_rows such rows are skipped and counted by
// reason (ReadReport), with the first examples of each.
#pragma once

#include <string>
#include <vector>

#include "io/transactions.h"

namespace winnow::io {

// Sets the field separator from its name: comma, semicolon, tab, whitespace, or one character.
// Returns false for anything else.
bool SetDelimiter(const std::string& name, ReadOptions* options);

TransactionLog ReadTransactions(const std::vector<std::string>& paths, const ReadOptions& options);

// Each customer's value of the group column (TransactionLog::group): the value on its first row
// that has one, TransactionLog::kNoGroup when none. Counts in *several the customers whose rows
// carry more than one value. Needs the rows (before ReleaseRows).
std::vector<uint32_t> GroupOfCustomers(const TransactionLog& log, uint64_t* several);

// Longest customer id accepted, in bytes.
inline constexpr size_t kMaxIdBytes = 4096;
// Longest value of the parent column (ReadOptions::group_col) accepted, in bytes.
inline constexpr size_t kMaxGroupBytes = 4096;
// Longest record (a line, or several when a quoted field holds line breaks) accepted, in bytes:
// beyond it the input is taken to be broken (a quote that never closes, a binary file), and
// reading stops with an error even when bad rows are skipped.
inline constexpr size_t kMaxRecordBytes = 1u << 20;
// Largest amount accepted (absolute value, also of quantity x price): beyond it a number is taken
// for a typo or a placeholder, and sums over a customer's rows stay finite.
inline constexpr double kMaxAmount = 1e15;

}  // namespace winnow::io
