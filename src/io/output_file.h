// Output that appears whole or not at all: bytes go to a temporary file beside the target,
// which Commit() renames over it. Without Commit() (an error on the way) the temporary file is
// removed and the target is untouched. "-" writes to standard output directly.
#pragma once

#include <algorithm>
#include <vector>

#include "core/parallel.h"

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
