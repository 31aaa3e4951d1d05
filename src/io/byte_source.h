// Sequential byte input from a plain file, a gzip file (detected by its magic bytes, so
// `.csv.gz` and misnamed files both work) or standard input ("-").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace winnow::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at the end. Throws core::Error(kIo) on failure.
  virtual size_t Read(char* buffer, size_t n) = 0;
  // Size in bytes when known in advance (plain files), else 0.
  virtual size_t SizeHint() const { return 0; }
  const std::string& path() const { return path_; }

 protected:
  explicit ByteSource(std::string path) : path_(std::move(path)) {}

 private:
  std::string path_;
};

// Throws core::Error(kInput) when the file does not exist, kIo when it cannot be read.
std::unique_ptr<ByteSource> OpenByteSource(const std::string& path);

// The text of 1-based line `line` of a file (plain or gzip), without its line break, for the
// excerpt of an error message; "" when the file is shorter or cannot be read.
std::string ReadLineOf(const std::string& path, uint64_t line);

// Expands shell-style patterns (*, ?, [...]) into sorted file lists; plain names pass through.
// Throws core::Error(kInput) when a pattern matches nothing.
std::vector<std::string> ExpandInputPatterns(const std::vector<std::string>& patterns);

}  // namespace winnow::io
