#include "io/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;

namespace {

// Names longer than this are shortened in temporary names, so that prefix + name + suffix stay
// within NAME_MAX (255).
constexpr size_t kTempNameBytes = 200;

mode_t ReadUmask() {
  // /proc/self/status says it without changing it (Linux 4.7); else set and restore it.
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

Error WriteError(const std::string& where, int err) {
  return std::move(Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(err != 0 ? err : EIO))).At(where));
}

// Removes the temporary files that winnow processes, now gone, left for `name` in `folder`:
// regular files of ours under winnow's temporary names that nobody holds locked.
void RemoveStaleTemporaries(const std::string& folder, const std::string& name) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  const int dir_fd = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    if (!internal::IsTempName(entry->d_name, name)) continue;
    const int fd = ::openat(dir_fd, entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
        ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      ::unlinkat(dir_fd, entry->d_name, 0);
    }
    ::close(fd);
  }
  ::closedir(dir);
}

}  // namespace

void WriteStagedFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, CreationMode(0666));
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("cannot create output file: {}", std::strerror(errno))).At(path);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      throw Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(err))).At(path);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) throw Error(ErrorKind::kIo, fmt::format("cannot write: {}", std::strerror(errno))).At(path);
}

void SyncStaged(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(errno))).At(folder);
  const int synced = ::syncfs(fd) == 0 && ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  if (synced != 0) {
    throw Error(ErrorKind::kIo, fmt::format("cannot sync to disk: {}", std::strerror(synced))).At(folder);
  }
}

mode_t CreationMode(mode_t base) {
  static const mode_t mask = ReadUmask();
  return base & ~mask;
}

namespace internal {

std::string TempPrefix(std::string_view target_name) {
  return fmt::format(".{}.winnow-", target_name.substr(0, kTempNameBytes));
}

bool IsTempName(std::string_view name, std::string_view target_name) {
  const std::string prefix = TempPrefix(target_name);
  if (name.size() != prefix.size() + 6 || name.substr(0, prefix.size()) != prefix) return false;
  for (char c : name.substr(prefix.size())) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

void SyncFolder(const std::string& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace internal

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
  const std::filesystem::path target(path_);
  const std::string name = target.filename().string();
  if (name.empty()) throw Error(ErrorKind::kUsage, "output path is a directory").At(path_);
  const std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
  RemoveStaleTemporaries(folder, name);
  for (int attempt = 0;; ++attempt) {
    std::string temp = (std::filesystem::path(folder) / (internal::TempPrefix(name) + "XXXXXX")).string();
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) {
      throw Error(ErrorKind::kIo, fmt::format("cannot create output file: {}", std::strerror(errno))).At(path_);
    }
    // Locked while in use. Another winnow cleaning up may have locked the new file first and
    // unlinked it (between mkostemp and this flock): then it has no name left, and a new one is
    // made. Where flock is not supported, nobody removes it either.
    if (::flock(fd, LOCK_EX) == 0) {
      struct stat own {};
      if (::fstat(fd, &own) == 0 && own.st_nlink == 0 && attempt < 100) {
        ::close(fd);
        continue;
      }
    }
    ::fchmod(fd, CreationMode(0666));  // mkostemp makes 0600
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
      const int err = errno;
      ::unlink(temp.c_str());
      ::close(fd);
      throw Error(ErrorKind::kIo, fmt::format("cannot create output file: {}", std::strerror(err))).At(path_);
    }
    temp_path_ = std::move(temp);
    break;
  }
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

OutputFile::~OutputFile() {
  if (to_stdout_ || committed_) return;
  if (direct_) {
    std::fclose(file_);
    return;
  }
  ::unlink(temp_path_.c_str());  // before the close, while still locked
  std::fclose(file_);
}

void OutputFile::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw WriteError(to_stdout_ ? "standard output" : path_, errno);
  }
}

void OutputFile::Commit() {
  if (to_stdout_) {
    committed_ = true;
    std::string error;
    if (!StdoutOk(&error)) throw Error(ErrorKind::kIo, "cannot write: " + error).At("standard output");
    return;
  }
  if (direct_) {
    const bool ok = std::fclose(file_) == 0;
    const int err = errno;
    file_ = nullptr;
    committed_ = true;
    if (!ok) throw WriteError(path_, err);
    return;
  }
  // Flushed and on disk before the rename, and the file closed only after it: until then the lock
  // keeps other winnow processes from taking it for a leftover.
  auto fail = [&](const std::string& message) {
    committed_ = true;
    ::unlink(temp_path_.c_str());
    std::fclose(file_);
    file_ = nullptr;
    return Error(ErrorKind::kIo, message).At(path_);
  };
  if (std::fflush(file_) != 0 || std::ferror(file_)) {
    const int err = errno;
    throw fail(fmt::format("cannot write: {}", std::strerror(err != 0 ? err : EIO)));
  }
  if (::fsync(::fileno(file_)) != 0 && errno != EINVAL && errno != ENOTSUP && errno != ENOSYS) {
    throw fail(fmt::format("cannot write: {}", std::strerror(errno)));
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw fail(fmt::format("cannot rename the finished output into place: {}", std::strerror(errno)));
  }
  committed_ = true;
  const bool closed = std::fclose(file_) == 0;
  const int err = errno;
  file_ = nullptr;
  if (!closed) throw WriteError(path_, err);
  const std::filesystem::path target(path_);
  internal::SyncFolder(target.has_parent_path() ? target.parent_path().string() : ".");
}

bool StdoutOk(std::string* error) {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (flushed && !std::ferror(stdout)) return true;
  if (error != nullptr) *error = std::strerror(err != 0 ? err : EIO);
  return false;
}

void WriteStdout(std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size()) {
    throw WriteError("standard output", errno);
  }
  std::string error;
  if (!StdoutOk(&error)) throw Error(ErrorKind::kIo, "cannot write: " + error).At("standard output");
}

}  // namespace winnow::io
