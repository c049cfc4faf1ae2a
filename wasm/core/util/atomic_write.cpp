// SPDX-License-Identifier: MPL-2.0
#include "util/atomic_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace breachcheck::io {

void write_then_rename(const std::string& path, const std::function<void(std::ostream&)>& write, bool durable) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + partial);
    write(out);
    out.close();
    if (!out) throw std::runtime_error("writing " + partial + " failed");
  }
  if (durable) fsync_path(partial);
  rename_into_place(partial, path, durable);
}

void rename_into_place(const std::string& tmp, const std::string& final_path, bool durable) {
  if (std::rename(tmp.c_str(), final_path.c_str()) != 0) {
    throw std::runtime_error("cannot rename to " + final_path + ": " + std::strerror(errno));
  }
  if (durable) fsync_path(parent_dir(final_path));
}

void fsync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  // Some file systems refuse fsync on directories (EINVAL): nothing more can be done there.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != ENOSYS) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error("cannot fsync " + path + ": " + std::strerror(error));
  }
  ::close(fd);
}

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace breachcheck::io
