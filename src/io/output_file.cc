#include "io/output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    to_stdout_ = true;
    file_ = stdout;
    return;
  }
  if (path_.empty()) throw Error(ErrorKind::kUsage, "output path is empty");
  temp_path_ = fmt::format("{}.tmp-{}", path_, ::getpid());
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) {
    throw Error(ErrorKind::kIo, fmt::format("cannot create output file: {}", std::strerror(errno))).At(path_);
  }
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

OutputFile::~OutputFile() {
  if (to_stdout_ || committed_) return;
  if (file_ != nullptr) std::fclose(file_);
  std::remove(temp_path_.c_str());
}

void OutputFile::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(errno))).At(path_);
  }
}

void OutputFile::Commit() {
  if (to_stdout_) {
    std::fflush(stdout);
    committed_ = true;
    return;
  }
  const bool flushed = std::fflush(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) {
    std::remove(temp_path_.c_str());
    committed_ = true;
    throw Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(errno))).At(path_);
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    std::remove(temp_path_.c_str());
    committed_ = true;
    throw Error(ErrorKind::kIo, fmt::format("cannot rename the finished output into place: {}", std::strerror(err)))
        .At(path_);
  }
  committed_ = true;
}

}  // namespace winnow::io
