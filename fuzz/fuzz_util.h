// Helpers shared by the fuzz targets: input files in a private temporary folder (the readers
// take paths), gzip compression of an input, and a cursor over the option bytes at the start of
// an input.
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace winnow::fuzz {

// Stops the run with a message when an invariant of a target is broken (libFuzzer keeps the input).
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// A folder of this process, on tmpfs when there is one: made once, left for the OS to clean
// (libFuzzer ends with _exit).
inline const std::string& WorkDir() {
  static const std::string dir = [] {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    std::string pattern = base + "/winnow-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
  }();
  return dir;
}

// Writes `data` to WorkDir()/name and returns the path.
inline std::string WriteFile(const std::string& name, std::string_view data) {
  const std::string path = WorkDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f) != data.size()) std::abort();
  std::fclose(f);
  return path;
}

// One gzip member holding `data`.
inline std::string Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// The first `kCount` bytes of an input choose options (zeros when the input is shorter); the
// rest is the file.
template <size_t kCount>
struct Split {
  uint8_t option[kCount] = {};
  std::string_view rest;
  Split(const uint8_t* data, size_t size) {
    const size_t n = size < kCount ? size : kCount;
    for (size_t k = 0; k < n; ++k) option[k] = data[k];
    rest = std::string_view(reinterpret_cast<const char*>(data) + n, size - n);
  }
};

}  // namespace winnow::fuzz
