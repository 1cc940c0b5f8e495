// tools/cli/io.cpp -- POSIX file input and temporary-file-and-rename output.
#include "io.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_error.hpp"

namespace taylordiag::cli {
namespace {

[[noreturn]] void fail_errno(std::string const& name, std::string const& what, int err) {
  throw data_error(name + ": " + what + ": " + std::strerror(err));
}

// The temporary file of the run, for the signal handler (one output per process).
char pending_temp[4096];
volatile std::sig_atomic_t have_pending = 0;

extern "C" void remove_pending_and_reraise(int sig) {
  if (have_pending) ::unlink(pending_temp);  // async-signal-safe
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

void install_signal_handlers() {
  for (int sig : cleanup_signals) {
    // A signal the tool was started with ignored stays ignored: under nohup (SIGHUP) or as a
    // background job of a script (SIGINT) it must not end the run.
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = remove_pending_and_reraise;
    sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace

std::string read_file(std::string const& path) {
  bool const is_stdin = path == "-";
  std::string const name = is_stdin ? "<stdin>" : path;
  int const fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_errno(name, "cannot open", errno);
  struct closer {
    int fd;
    bool own;
    ~closer() {
      if (own) ::close(fd);
    }
  } const close_on_exit{fd, !is_stdin};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail_errno(name, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) throw data_error(name + ": is a directory");
  // A regular file gets a buffer of its size plus one byte, so that the end of the file is
  // seen without growing it: growing a full buffer doubles it (a 1 GB file then took 2 GB).
  std::string data;
  data.resize(S_ISREG(st.st_mode) ? std::max(std::size_t(st.st_size) + 1, std::size_t{1} << 16)
                                  : std::size_t{1} << 16);
  std::size_t size = 0;
  while (true) {
    if (size == data.size()) data.resize(data.size() * 2);
    ssize_t const got = ::read(fd, data.data() + size, data.size() - size);
    if (got < 0) {
      if (errno == EINTR) continue;
      fail_errno(name, "cannot read", errno);
    }
    if (got == 0) break;
    size += std::size_t(got);
  }
  data.resize(size);
  return data;
}

output_file::output_file(std::string path) : path_(std::move(path)) {
  if (path_.empty()) {
    name_ = "<stdout>";
    return;
  }
  name_ = path_;
  std::size_t const slash = path_.rfind('/');
  std::string const dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
  std::string const base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  if (base.empty()) throw data_error(name_ + ": is a directory");
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw data_error(name_ + ": is a directory");
  temp_ = dir + "." + base + ".tmp-XXXXXX";
  if (temp_.size() >= sizeof pending_temp) throw data_error(name_ + ": the path is too long");
  // The handlers are in place and the signals blocked before the temporary exists, so that no
  // signal finds it created but not yet known to the handler. (The tool has one thread here:
  // oneTBB starts its workers later.)
  install_signal_handlers();
  sigset_t block, saved;
  sigemptyset(&block);
  for (int sig : cleanup_signals) sigaddset(&block, sig);
  ::pthread_sigmask(SIG_BLOCK, &block, &saved);
  fd_ = ::mkstemp(temp_.data());
  int const err = errno;
  if (fd_ >= 0) {
    std::memcpy(pending_temp, temp_.c_str(), temp_.size() + 1);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the name before the flag
    have_pending = 1;
  }
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (fd_ < 0) fail_errno(name_, "cannot create a file in " + (dir.empty() ? "." : dir), err);
  // mkstemp makes 0600; the result gets the permissions of a plain new file (0666 & ~umask).
  mode_t const mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

output_file::~output_file() {
  if (temp_.empty() || committed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_.c_str());
  have_pending = 0;
}

void output_file::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t const put = ::write(fd_, bytes.data(), bytes.size());
    if (put < 0) {
      if (errno == EINTR) continue;
      fail_errno(name_, "cannot write", errno);
    }
    bytes.remove_prefix(std::size_t(put));
  }
}

void output_file::commit() {
  if (temp_.empty() || committed_) return;
  int const fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail_errno(name_, "cannot write", errno);
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    fail_errno(name_, "cannot rename the temporary file onto it", errno);
  committed_ = true;
  have_pending = 0;
}

}  // namespace taylordiag::cli
