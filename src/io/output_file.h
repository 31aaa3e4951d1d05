// Output that appears whole or not at all: bytes go to a temporary file beside the target,
// which Commit() renames over it. Without Commit() (an error on the way) the temporary file is
// removed and the target is untouched. "-" writes to standard output directly, as does a target
// that exists and is not a regular file (a device such as /dev/null or /dev/full, a FIFO).
//
// The temporary file is ".<name>.winnow-XXXXXX" in the target's folder: a fresh, unpredictable
// name created exclusively (mkostemp: O_CREAT | O_EXCL, so neither a file nor a symbolic link
// planted there is ever opened or followed), with the mode of a newly created file (0666 minus
// the umask). It is locked (flock) while in use; Commit() flushes it to disk (fsync) before the
// rename. Temporary files of the same target left by a killed winnow (no longer locked) are
// removed when the next OutputFile for that target is created.
//
// Every failure to write, flush, sync or rename, including on standard output (a full disk, a
// closed stdout, a broken pipe), throws core::Error(kIo): exit status 3.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/parallel.h"

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
  // The temporary file's path ("" for standard output and devices).
  const std::string& temp_path() const { return temp_path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool direct_ = false;  // a device or pipe, written in place
  bool committed_ = false;
};

// Writes `bytes` to standard output and flushes it; throws core::Error(kIo) ("standard output:
// cannot write: ...") when they cannot be written (a full disk, a closed stdout, a broken pipe).
void WriteStdout(std::string_view bytes);

// Flushes standard output and reports whether everything written to it so far arrived; the
// message (strerror) in `error` when not.
bool StdoutOk(std::string* error);

// The mode bits of a newly created file or folder: `base` (0666, 0777) without the umask's.
mode_t CreationMode(mode_t base);

// For many small files inside a staging folder (io::OutputDir), which nobody sees until it is
// swapped in: WriteStagedFile writes `path` whole (created exclusively, no temporary name, no
// fsync), and SyncStaged(folder) then makes them all durable with one syncfs(2) and an fsync of
// the folder, instead of one fsync per file (2,000 rep lists: seconds of waiting on the disk).
// Both throw core::Error(kIo).
void WriteStagedFile(const std::string& path, std::string_view bytes);
void SyncStaged(const std::string& folder);

namespace internal {

// ".<target_name>.winnow-" : the prefix of winnow's temporary names for a target; followed by
// six characters of mkstemp's alphabet [A-Za-z0-9].
std::string TempPrefix(std::string_view target_name);
// Whether `name` is one of winnow's temporary names for `target_name`.
bool IsTempName(std::string_view name, std::string_view target_name);
// fsync of a folder (the rename in it made durable); errors are ignored.
void SyncFolder(const std::string& folder);

}  // namespace internal

// Writes rows [0, rows) to `file` in order, formatted by format(row, text) on the worker threads:
// chunks of rows are formatted in parallel, a few per thread at a time, then written in order.
template <typename Format>
void WriteRowsInParallel(OutputFile& file, size_t rows, size_t threads, const Format& format,
                         size_t rows_per_chunk = 1u << 15) {
  const size_t chunks = (rows + rows_per_chunk - 1) / rows_per_chunk;
  const size_t workers = core::ThreadCount(threads);
  const size_t wave = workers * 4;
  std::vector<std::string> texts(wave);
  for (size_t first = 0; first < chunks; first += wave) {
    const size_t count = std::min(wave, chunks - first);
    core::ParallelFor(count, workers, [&](size_t w) {
      texts[w].clear();
      const size_t begin = (first + w) * rows_per_chunk;
      const size_t end = std::min(rows, begin + rows_per_chunk);
      for (size_t row = begin; row < end; ++row) format(row, texts[w]);
    });
    for (size_t w = 0; w < count; ++w) file.Write(texts[w]);
  }
}

}  // namespace winnow::io
