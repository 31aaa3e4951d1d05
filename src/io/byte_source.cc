#include "io/byte_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;

namespace {

class FdSource : public ByteSource {
 public:
  FdSource(std::string path, int fd, size_t size) : ByteSource(std::move(path)), fd_(fd), size_(size) {}
  ~FdSource() override {
    if (fd_ > 0) ::close(fd_);
  }
  size_t Read(char* buffer, size_t n) override {
    size_t total = 0;
    while (total < n) {
      const ssize_t got = ::read(fd_, buffer + total, n - total);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw Error(ErrorKind::kIo, fmt::format("cannot read: {}", std::strerror(errno))).At(path());
      }
      if (got == 0) break;
      total += static_cast<size_t>(got);
    }
    return total;
  }
  size_t SizeHint() const override { return size_; }

 private:
  int fd_;
  size_t size_;
};

class GzipSource : public ByteSource {
 public:
  GzipSource(std::string path, gzFile file) : ByteSource(std::move(path)), file_(file) {
    gzbuffer(file_, 1 << 20);
  }
  ~GzipSource() override { gzclose(file_); }
  size_t Read(char* buffer, size_t n) override {
    size_t total = 0;
    while (total < n) {
      const unsigned want = static_cast<unsigned>(std::min<size_t>(n - total, 1u << 30));
      const int got = gzread(file_, buffer + total, want);
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        throw Error(ErrorKind::kInput, fmt::format("cannot decompress gzip data: {}", message)).At(path());
      }
      if (got == 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        // zlib reports input that ends inside a gzip member (before its trailer) as
        // Z_BUF_ERROR, "unexpected end of file": a truncated file, never a complete one.
        if (code == Z_BUF_ERROR) {
          throw Error(ErrorKind::kInput, "truncated gzip file: the compressed data ends before the end of its stream")
              .At(path())
              .Hint("the file was cut short (an interrupted download or copy?); gzip -t checks a file");
        }
        if (code != Z_OK) {
          throw Error(ErrorKind::kInput, fmt::format("cannot decompress gzip data: {}", message)).At(path());
        }
        break;
      }
      total += static_cast<size_t>(got);
    }
    return total;
  }

 private:
  gzFile file_;
};

}  // namespace

std::unique_ptr<ByteSource> OpenByteSource(const std::string& path) {
  if (path == "-") return std::make_unique<FdSource>("<stdin>", 0, 0);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw Error(err == ENOENT ? ErrorKind::kInput : ErrorKind::kIo,
                fmt::format("cannot open: {}", std::strerror(err)))
        .At(path);
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(ErrorKind::kInput, "is a directory, expected a file").At(path);
  }
  unsigned char magic[2] = {0, 0};
  const ssize_t got = ::pread(fd, magic, 2, 0);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile file = gzdopen(fd, "rb");
    if (file == nullptr) {
      ::close(fd);
      throw Error(ErrorKind::kIo, "cannot open gzip stream").At(path);
    }
    return std::make_unique<GzipSource>(path, file);
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FdSource>(path, fd, static_cast<size_t>(st.st_size));
}

std::string ReadLineOf(const std::string& path, uint64_t line) {
  if (line == 0) return "";
  try {
    std::unique_ptr<ByteSource> source = OpenByteSource(path);
    std::vector<char> buffer(1u << 16);
    std::string text;
    uint64_t current = 1;
    for (;;) {
      const size_t got = source->Read(buffer.data(), buffer.size());
      if (got == 0) break;
      for (size_t k = 0; k < got; ++k) {
        const char c = buffer[k];
        if (c == '\n') {
          if (current == line) return text;
          ++current;
        } else if (current == line && c != '\r' && text.size() < 4096) {
          text.push_back(c);
        }
      }
    }
    return current == line ? text : "";
  } catch (const core::Error&) {
    return "";
  }
}

std::vector<std::string> ExpandInputPatterns(const std::vector<std::string>& patterns) {
  std::vector<std::string> paths;
  for (const auto& pattern : patterns) {
    if (pattern.find_first_of("*?[") == std::string::npos) {
      paths.push_back(pattern);
      continue;
    }
    glob_t matches{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &matches);
    if (rc == GLOB_NOMATCH || (rc == 0 && matches.gl_pathc == 0)) {
      globfree(&matches);
      throw Error(ErrorKind::kInput, fmt::format("no file matches the pattern \"{}\"", pattern));
    }
    if (rc != 0) {
      globfree(&matches);
      throw Error(ErrorKind::kIo, fmt::format("cannot expand the pattern \"{}\"", pattern));
    }
    for (size_t k = 0; k < matches.gl_pathc; ++k) paths.emplace_back(matches.gl_pathv[k]);
    globfree(&matches);
  }
  return paths;
}

}  // namespace winnow::io
