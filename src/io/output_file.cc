#include "io/output_file.h"

#include <fmt/format.h>
#include <sys/stat.h>
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
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw Error(ErrorKind::kUsage, "output path is a directory").At(path_);
    // A device or pipe (/dev/null, /dev/stdout, a FIFO): written directly, nothing to rename.
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) {
      throw Error(ErrorKind::kIo, fmt::format("cannot open for writing: {}", std::strerror(errno))).At(path_);
    }
    direct_ = true;
    return;
  }
  temp_path_ = fmt::format("{}.tmp-{}", path_, ::getpid());
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) {
    throw Error(ErrorKind::kIo, fmt::format("cannot create output file: {}", std::strerror(errno))).At(path_);
  }
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

OutputFile::~OutputFile() {
  if (to_stdout_ || committed_) return;
  if (direct_) {
    std::fclose(file_);
    return;
  }
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
  if (direct_) {
    const bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    committed_ = true;
    if (!ok) throw Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(errno))).At(path_);
    return;
  }
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
