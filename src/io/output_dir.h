// A folder of outputs replaced as one unit (`winnow run`'s out/): the files are written into a
// fresh staging folder beside the target, and Commit() swaps it in with one rename, so that a
// reader, or a crash at any moment, finds either the whole previous folder or the whole new
// one, never a mix.
//
// Beside the target <parent>/<name>:
//   .<name>.winnow-XXXXXX   the staging folder (mkdtemp: fresh, unpredictable, mode 0700 while
//                           written); after the swap the same name holds the previous contents
//                           until they are removed
//   .<name>.winnow-lock     an empty lock file (flock), kept: one writer of the target at a time
//
// Steps: take the lock (waiting, with a message, while another winnow writes the same target);
// remove the staging folders of killed writers (winnow's own names and only folders of this
// user: with the lock held none is in use); check that the target holds only files `owned`
// accepts, since all of it is replaced; mkdtemp. The caller writes its files (io::OutputFile
// syncs each to disk). Commit(): fsync the staging folder, give it the previous folder's mode
// (else 0777 minus the umask), then
//   - no target yet: rename(2) of the staging folder to the target;
//   - else renameat2(RENAME_EXCHANGE) of staging folder and target (Linux 3.15, glibc 2.28; ext4,
//     XFS, Btrfs, tmpfs, overlayfs): atomic; then the previous contents are removed;
//   - where the file system cannot exchange (EINVAL, e.g. NFS): rename(target, a fresh empty
//     hidden folder), then rename(staging, target). No mix is visible either, but in between the
//     target is missing for a moment, and a crash there leaves the previous results only under
//     the hidden name, where the next run removes them.
// A target that is a symbolic link to a folder: the folder it points to is replaced, the link
// stays. The destructor without Commit() (an error on the way) removes the staging folder and
// leaves the target untouched.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace winnow::io {

class OutputDir {
 public:
  struct Options {
    // The names the target may hold (all of it is replaced); empty: anything.
    std::function<bool(std::string_view)> owned;
    // Appended to the error about a name `owned` rejects (what to do about it).
    std::string foreign_hint;
    // Progress ("waiting for ..."); may be empty.
    std::function<void(const std::string&)> say;
    // Testing: called right after the swap, before the previous contents are removed.
    std::function<void()> after_swap;
  };

  // Takes the lock, removes leftovers and makes the staging folder. Throws core::Error(kIo).
  OutputDir(std::string target, Options options);

  // The checks of the constructor that need no lock (the target is a folder, or can be made,
  // and holds only names `owned` accepts), to fail before any work. Throws core::Error(kIo).
  static void Check(const std::string& target, const Options& options);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::string& target() const { return target_; }
  const std::string& staging() const { return staging_; }
  std::string File(std::string_view name) const;  // a path in the staging folder

  // Swaps the staging folder in and removes the previous contents. Throws core::Error(kIo).
  void Commit();

 private:
  std::string target_;  // as given
  std::string real_;    // the folder replaced: the target, or where its symbolic link points
  std::string parent_;
  std::string name_;
  std::string staging_;
  Options options_;
  struct Fd {
    int fd = -1;
    ~Fd();
  } lock_;  // closed (unlocked) also when the constructor throws
  bool committed_ = false;
};

}  // namespace winnow::io
