// SPDX-License-Identifier: MPL-2.0
#include "build/kdf_pool.h"

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

// BREACHCHECK_KDF_THREADS and BREACHCHECK_KDF_WORKER_PROCESSES (0 or 1) come from the build
// (wasm/core/sources.cmake): what the platform offers is the embedder's knowledge, not the core's.
#if !defined(BREACHCHECK_KDF_THREADS) || !defined(BREACHCHECK_KDF_WORKER_PROCESSES)
#error "define BREACHCHECK_KDF_THREADS and BREACHCHECK_KDF_WORKER_PROCESSES (0 or 1): see wasm/core/sources.cmake"
#endif

#if BREACHCHECK_KDF_WORKER_PROCESSES
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#endif

namespace breachcheck {

struct KdfPool::Shared {
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> failed{false};
  // Set to end the batch early: workers finish the block they hold and take no other. Blocks are taken in
  // index order and every block taken is finished, so the finished records are exactly [0, min(next, count)).
  std::atomic<bool> stop{false};
  const SourceRecord* records = nullptr;
  WireEntry* out = nullptr;
  SeedSlot* seeds = nullptr;  // null: no seed cache in this batch
  std::size_t count = 0;
  std::size_t block = 1;
};

namespace {

// Records a worker takes at a time: up to 8 (fewer atomic operations at light KDF settings), but at least 64
// blocks per worker in a batch, so the tail (workers idle while the last blocks finish) stays short.
std::size_t block_size(std::size_t count, unsigned workers) {
  return std::clamp<std::size_t>(count / (std::size_t{workers} * 64), 1, 8);
}

void run_batch(KdfPool::Shared& s, const Salt& salt, const KdfParams& kdf, const OprfKeyPair* oprf,
               const Salt* version_salt) {
  WireEntry entry;
  for (;;) {
    if (s.stop.load(std::memory_order_acquire)) break;
    const std::size_t begin = s.next.fetch_add(s.block);
    if (begin >= s.count || s.failed.load(std::memory_order_relaxed)) break;
    const std::size_t end = std::min(s.count, begin + s.block);
    for (std::size_t i = begin; i < end; ++i) {
      if (!hash_record(s.records[i], salt, kdf, entry, oprf, version_salt, s.seeds ? &s.seeds[i] : nullptr)) {
        s.failed = true;
        return;
      }
      s.out[i] = entry;
    }
    s.done.fetch_add(end - begin, std::memory_order_relaxed);
  }
}

#if BREACHCHECK_KDF_WORKER_PROCESSES
constexpr std::size_t align64(std::size_t n) { return (n + 63) / 64 * 64; }
#endif

}  // namespace

unsigned usable_threads(unsigned requested) {
#if BREACHCHECK_KDF_THREADS
  return std::max(1u, requested);
#else
  (void)requested;
  return 1;
#endif
}

bool worker_processes_supported() {
#if BREACHCHECK_KDF_WORKER_PROCESSES
  return true;
#else
  return false;
#endif
}

KdfPool::KdfPool(unsigned workers, const Salt& salt, const KdfParams& kdf, bool inline_single, Workers kind,
                 std::size_t capacity, const OprfKeyPair* oprf, const Salt* version_salt)
    : workers_(usable_threads(workers)), salt_(salt), kdf_(kdf) {
  if (oprf) oprf_.emplace(*oprf);
  if (version_salt) version_salt_ = *version_salt;
#if BREACHCHECK_KDF_WORKER_PROCESSES
  if (kind == Workers::processes) {
    if (capacity == 0) throw std::invalid_argument("worker processes need a batch capacity");
    capacity_ = capacity;
    mapping_size_ = align64(sizeof(Shared)) + align64(capacity * sizeof(SourceRecord)) +
                    align64(capacity * sizeof(WireEntry)) + capacity * sizeof(SeedSlot);
    mapping_ = ::mmap(nullptr, mapping_size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mapping_ == MAP_FAILED) {
      mapping_ = nullptr;
      throw std::runtime_error(std::string("cannot map memory for the KDF workers: ") + std::strerror(errno));
    }
    shared_ = new (mapping_) Shared();
    auto* base = static_cast<std::uint8_t*>(mapping_);
    shared_->records = reinterpret_cast<SourceRecord*>(base + align64(sizeof(Shared)));
    shared_->out = reinterpret_cast<WireEntry*>(base + align64(sizeof(Shared)) + align64(capacity * sizeof(SourceRecord)));
    seed_area_ = reinterpret_cast<SeedSlot*>(base + align64(sizeof(Shared)) + align64(capacity * sizeof(SourceRecord)) +
                                             align64(capacity * sizeof(WireEntry)));
    const pid_t parent = ::getpid();
    for (unsigned w = 0; w < workers_; ++w) {
      // Socket pairs rather than pipes: send(MSG_NOSIGNAL) to a dead worker is an error, not SIGPIPE.
      int go[2], done[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM, 0, go) != 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, done) != 0) {
        throw std::runtime_error("cannot create channels for the KDF workers");
      }
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error(std::string("cannot start a KDF worker: ") + std::strerror(errno));
      if (pid == 0) {
        // Worker: never returns into the caller's code (no destructors, no stdio flush: _exit only).
#if defined(__linux__)
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
        if (::getppid() != parent) ::_exit(0);
        // The parent decides: a terminal ^C (or a SIGTERM to the process group) reaches the workers too, and the
        // parent needs them alive to finish the blocks they hold before it writes its checkpoint.
        ::signal(SIGINT, SIG_IGN);
        ::signal(SIGTERM, SIG_IGN);
        for (const Child& earlier : children_) {
          ::close(earlier.go_fd);
          ::close(earlier.done_fd);
        }
        ::close(go[1]);
        ::close(done[0]);
        char byte = 0;
        for (;;) {
          ssize_t n;
          do {
            n = ::read(go[0], &byte, 1);
          } while (n < 0 && errno == EINTR);
          if (n <= 0) ::_exit(0);
          std::atomic_thread_fence(std::memory_order_acquire);
          run_batch(*shared_, salt_, kdf_, oprf_ ? &*oprf_ : nullptr, version_salt_ ? &*version_salt_ : nullptr);
          std::atomic_thread_fence(std::memory_order_release);
          if (::send(done[1], &byte, 1, MSG_NOSIGNAL) != 1) ::_exit(1);
        }
      }
      ::close(go[0]);
      ::close(done[1]);
      ::fcntl(go[1], F_SETFD, FD_CLOEXEC);
      ::fcntl(done[0], F_SETFD, FD_CLOEXEC);
      children_.push_back({static_cast<int>(pid), go[1], done[0]});
    }
    return;
  }
#else
  (void)kind;
  (void)capacity;
#endif
  shared_ = new Shared();
  inline_ = workers_ == 1 && (inline_single || usable_threads(2) == 1);
  if (inline_) return;
  for (unsigned t = 0; t < workers_; ++t) threads_.emplace_back([this] { worker_thread(); });
}

KdfPool::~KdfPool() {
#if BREACHCHECK_KDF_WORKER_PROCESSES
  if (mapping_) {
    for (const Child& child : children_) ::close(child.go_fd);  // EOF: the worker exits
    for (const Child& child : children_) {
      ::close(child.done_fd);
      int status = 0;
      while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    sodium_memzero(mapping_, mapping_size_);
    shared_->~Shared();
    ::munmap(mapping_, mapping_size_);
    return;
  }
#endif
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
  delete shared_;
}

void KdfPool::worker_thread() {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    run_batch(*shared_, salt_, kdf_, oprf_ ? &*oprf_ : nullptr, version_salt_ ? &*version_salt_ : nullptr);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--active_ == 0) {
        busy_ = false;
        done_cv_.notify_all();
      }
    }
  }
}

void KdfPool::start(const SourceRecord* records, std::size_t count, WireEntry* out, SeedSlot* seeds) {
  if (!children_.empty()) {
#if BREACHCHECK_KDF_WORKER_PROCESSES
    if (count > capacity_) throw std::logic_error("batch larger than the KDF workers' capacity");
    std::memcpy(const_cast<SourceRecord*>(shared_->records), records, count * sizeof(SourceRecord));
    out_ = out;
    seeds_out_ = seeds;
    shared_->seeds = seeds ? seed_area_ : nullptr;
    if (seeds) std::memcpy(seed_area_, seeds, count * sizeof(SeedSlot));
    shared_->count = count;
    shared_->block = block_size(count, workers_);
    shared_->next = 0;
    shared_->done = 0;
    shared_->failed = false;
    shared_->stop = false;
    std::atomic_thread_fence(std::memory_order_release);
    reported_ = 0;
    const char go = 1;
    for (const Child& child : children_) {
      if (::send(child.go_fd, &go, 1, MSG_NOSIGNAL) != 1) throw std::runtime_error("a KDF worker process is gone");
    }
#endif
    return;
  }
  shared_->records = records;
  shared_->out = out;
  shared_->seeds = seeds;
  shared_->count = count;
  shared_->block = block_size(count, workers_);
  shared_->next = 0;
  shared_->done = 0;
  shared_->stop = false;
  if (inline_) {
    run_batch(*shared_, salt_, kdf_, oprf_ ? &*oprf_ : nullptr, version_salt_ ? &*version_salt_ : nullptr);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (busy_) throw std::logic_error("KdfPool::start while a batch is running");
    busy_ = true;
    active_ = workers_;
    ++generation_;
  }
  work_cv_.notify_all();
}

bool KdfPool::wait_processes(std::chrono::milliseconds timeout) {
#if BREACHCHECK_KDF_WORKER_PROCESSES
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<pollfd> fds;
  while (reported_ < children_.size()) {
    fds.clear();
    for (const Child& child : children_) fds.push_back({child.done_fd, POLLIN, 0});
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(0, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::runtime_error("waiting for the KDF workers failed");
    if (ready == 0) return false;
    for (const auto& p : fds) {
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char byte = 0;
      const ssize_t n = ::read(p.fd, &byte, 1);
      if (n == 1) {
        ++reported_;
      } else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        throw std::runtime_error("a KDF worker process died (out of memory?)");
      }
    }
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  std::memcpy(out_, shared_->out, shared_->count * sizeof(WireEntry));
  sodium_memzero(const_cast<SourceRecord*>(shared_->records), shared_->count * sizeof(SourceRecord));
  if (seeds_out_) {
    std::memcpy(seeds_out_, seed_area_, shared_->count * sizeof(SeedSlot));
    sodium_memzero(seed_area_, shared_->count * sizeof(SeedSlot));
  }
  return true;
#else
  (void)timeout;
  return true;
#endif
}

bool KdfPool::wait_for(std::chrono::milliseconds timeout) {
  if (!children_.empty()) {
    if (!wait_processes(timeout)) return false;
  } else if (!inline_) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!done_cv_.wait_for(lock, timeout, [&] { return !busy_; })) return false;
  }
  if (shared_->failed) throw std::runtime_error("Argon2id refused the KDF parameters (memory or passes out of range)");
  return true;
}

void KdfPool::wait() {
  while (!wait_for(std::chrono::milliseconds(1000))) {
  }
}

std::uint64_t KdfPool::done_in_batch() const { return shared_->done.load(std::memory_order_relaxed); }

void KdfPool::request_stop() { shared_->stop.store(true, std::memory_order_release); }

std::size_t KdfPool::finished_prefix() const {
  return std::min(shared_->count, shared_->next.load(std::memory_order_acquire));
}

std::vector<HashedEntry> hash_records(const std::vector<SourceRecord>& records, const Salt& salt,
                                      const KdfParams& kdf, unsigned threads, const ProgressFn& progress,
                                      const OprfKeyPair* oprf, const Salt* version_salt) {
  std::vector<WireEntry> wire(records.size());
  KdfPool pool(threads, salt, kdf, /*inline_single=*/true, KdfPool::Workers::threads, 0, oprf, version_salt);
  pool.start(records.data(), records.size(), wire.data());
  while (!pool.wait_for(std::chrono::milliseconds(250))) {
    if (progress) progress({"hashing", pool.done_in_batch(), records.size(), 0});
  }
  if (progress) progress({"hashing", records.size(), records.size(), 0});
  std::vector<HashedEntry> out(records.size());
  for (std::size_t i = 0; i < wire.size(); ++i) out[i] = from_wire(wire[i]);
  return out;
}

}  // namespace breachcheck
