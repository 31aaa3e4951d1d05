#include "io/output_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "io/output_file.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;
namespace fs = std::filesystem;

namespace {

// Removes the staging folders (and previous contents) that killed winnow processes left beside
// the target: folders of this user under winnow's temporary names for it.
void RemoveLeftovers(const std::string& parent, const std::string& name) {
  DIR* dir = ::opendir(parent.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> found;
  while (const dirent* entry = ::readdir(dir)) {
    if (!internal::IsTempName(entry->d_name, name)) continue;
    struct stat st {};
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
        st.st_uid == ::geteuid()) {
      found.push_back((fs::path(parent) / entry->d_name).string());
    }
  }
  ::closedir(dir);
  for (const std::string& path : found) {
    std::error_code ignored;
    fs::remove_all(path, ignored);  // symbolic links inside are removed, not followed
  }
}

}  // namespace

namespace {

// The folder that `target` names, absolute: where a symbolic link points. Throws when it exists
// and is not a folder, or when it cannot be replaced as a whole (the root, "." or "..").
fs::path ResolveTarget(const std::string& target) {
  if (target.empty()) throw Error(ErrorKind::kUsage, "the output folder is empty");
  std::error_code ec;
  fs::path path = fs::absolute(fs::path(target), ec).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    const fs::path real = fs::canonical(path, ec);
    if (ec) {
      throw Error(ErrorKind::kIo, fmt::format("a symbolic link to a folder that cannot be reached: {}", ec.message()))
          .At(target);
    }
    path = real;
  }
  if (::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    throw Error(ErrorKind::kIo, "exists and is not a folder").At(target);
  }
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == ".." || !path.has_parent_path() || path == path.root_path()) {
    throw Error(ErrorKind::kIo, "cannot be replaced as a whole: name a folder of its own for the outputs").At(target);
  }
  return path;
}

// Throws when the folder `real` holds a name that `owned` rejects.
void CheckOwned(const std::string& target, const std::string& real, const OutputDir::Options& options) {
  struct stat st {};
  if (!options.owned || ::stat(real.c_str(), &st) != 0) return;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(real, ec)) {
    const std::string entry_name = entry.path().filename().string();
    if (options.owned(entry_name)) continue;
    Error error(ErrorKind::kIo, fmt::format("holds \"{}\", which is not an output of winnow; the folder is replaced as "
                                            "a whole by each run, so nothing is written",
                                            core::Printable(entry_name)));
    error.At(target);
    if (!options.foreign_hint.empty()) error.Hint(options.foreign_hint);
    throw error;
  }
  if (ec) throw Error(ErrorKind::kIo, fmt::format("cannot list the folder: {}", ec.message())).At(target);
}

}  // namespace

void OutputDir::Check(const std::string& target, const Options& options) {
  CheckOwned(target, ResolveTarget(target).string(), options);
}

OutputDir::OutputDir(std::string target, Options options)
    : target_(std::move(target)), options_(std::move(options)) {
  const fs::path path = ResolveTarget(target_);
  name_ = path.filename().string();
  real_ = path.string();
  parent_ = path.parent_path().string();
  std::error_code ec;
  fs::create_directories(parent_, ec);
  if (ec) throw Error(ErrorKind::kIo, fmt::format("cannot create the output folder: {}", ec.message())).At(target_);

  // One writer at a time.
  const std::string lock = (fs::path(parent_) / ("." + name_ + ".winnow-lock")).string();
  lock_.fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
  if (lock_.fd < 0) {
    throw Error(ErrorKind::kIo, fmt::format("cannot create the lock file {}: {}", lock, std::strerror(errno))).At(target_);
  }
  bool locked = ::flock(lock_.fd, LOCK_EX | LOCK_NB) == 0;
  if (!locked && errno == EWOULDBLOCK) {
    if (options_.say) options_.say(fmt::format("waiting for another winnow writing {} to finish", target_));
    int rc;
    while ((rc = ::flock(lock_.fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    locked = rc == 0;
  }
  // Without file locks (some network file systems) nobody can tell a leftover from a folder in
  // use: leftovers then stay.
  if (locked) RemoveLeftovers(parent_, name_);
  CheckOwned(target_, real_, options_);

  std::string staging = (fs::path(parent_) / (internal::TempPrefix(name_) + "XXXXXX")).string();
  if (::mkdtemp(staging.data()) == nullptr) {
    throw Error(ErrorKind::kIo, fmt::format("cannot create a folder beside it: {}", std::strerror(errno))).At(target_);
  }
  staging_ = std::move(staging);
}

OutputDir::~OutputDir() {
  if (!staging_.empty()) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

OutputDir::Fd::~Fd() {
  if (fd >= 0) ::close(fd);
}

std::string OutputDir::File(std::string_view name) const { return (fs::path(staging_) / name).string(); }

void OutputDir::Commit() {
  internal::SyncFolder(staging_);
  struct stat st {};
  const bool exists = ::stat(real_.c_str(), &st) == 0;
  ::chmod(staging_.c_str(), exists ? (st.st_mode & 07777) : CreationMode(0777));
  auto fail = [&](const std::string& what, int err) {
    return Error(ErrorKind::kIo, fmt::format("{}: {}", what, std::strerror(err))).At(target_);
  };
  if (!exists) {
    if (std::rename(staging_.c_str(), real_.c_str()) == 0) {
      committed_ = true;
      staging_.clear();
      internal::SyncFolder(parent_);
      return;
    }
    // Made meanwhile (not empty): exchanged below.
    if (errno != EEXIST && errno != ENOTEMPTY) throw fail("cannot move the new outputs into place", errno);
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, real_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;  // staging_ now names the previous contents
  } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    // No exchange on this file system: the previous folder aside, then the new one in.
    std::string aside = (fs::path(parent_) / (internal::TempPrefix(name_) + "XXXXXX")).string();
    if (::mkdtemp(aside.data()) == nullptr) throw fail("cannot move the previous outputs aside", errno);
    if (std::rename(real_.c_str(), aside.c_str()) != 0) {
      const int err = errno;
      ::rmdir(aside.c_str());
      throw fail("cannot move the previous outputs aside", err);
    }
    if (std::rename(staging_.c_str(), real_.c_str()) != 0) {
      const int err = errno;
      std::rename(aside.c_str(), real_.c_str());
      throw fail("cannot move the new outputs into place", err);
    }
    committed_ = true;
    staging_ = std::move(aside);  // the previous contents
  } else {
    throw fail("cannot swap the new outputs in", errno);
  }
  internal::SyncFolder(parent_);
  if (options_.after_swap) options_.after_swap();
  std::error_code ignored;
  fs::remove_all(staging_, ignored);  // what remains (an error) goes with the next run's leftovers
  staging_.clear();
}

}  // namespace winnow::io
