// Output that appears whole or not at all: bytes go to a temporary file beside the target,
// which Commit() renames over it. Without Commit() (an error on the way) the temporary file is
// removed and the target is untouched. "-" writes to standard output directly.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace winnow::io {

class OutputFile {
 public:
  explicit OutputFile(std::string path);  // throws core::Error(kIo)
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Write(std::string_view bytes);  // throws core::Error(kIo)
  void Commit();                       // throws core::Error(kIo)
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool direct_ = false;  // a device or pipe, written in place
  bool committed_ = false;
};

}  // namespace winnow::io
