// The control protocol's framing, the non-blocking server and the blocking client (see
// control_socket.h for the wire format and the bounds).
#include "platform/linux/control_socket.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace mc::platform {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 4096;
constexpr int kListenBacklog = 16;
constexpr int kEventBatch = 32;

std::string Errno(int err) { return std::strerror(err); }

ControlError MakeError(ControlErrorKind kind, std::string message) {
  return ControlError{kind, std::move(message)};
}

// Fills a sockaddr_un; fails when the path does not fit (sun_path is 108 bytes with the NUL).
Result<sockaddr_un, ControlError> UnixAddress(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    return MakeError(ControlErrorKind::kSocket,
                     fmt::format("control socket path '{}' must be 1 to {} bytes long", path,
                                 sizeof(addr.sun_path) - 1));
  }
  std::memcpy(addr.sun_path, path.data(), path.size());
  return addr;
}

int ConnectFd(int fd, const sockaddr_un& addr) {
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
}

// Milliseconds left until `deadline`, for poll(); 0 once it has passed.
int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) {
    return 0;
  }
  return static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30));
}

// Waits until `fd` has `events` or the deadline passes. False on timeout.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, RemainingMs(deadline));
    if (n > 0) {
      return true;
    }
    if (n == 0) {
      return false;
    }
    if (errno != EINTR) {
      return true;  // let the following read/write report the error
    }
  }
}

// A socket file at `path` nobody accepts on is left over from a daemon that died; removing it
// lets the new daemon start. A live listener or a non-socket file is an error.
Status<ControlError> RemoveStaleSocket(const std::string& path, const sockaddr_un& addr) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return {};
  }
  if (!S_ISSOCK(st.st_mode)) {
    return MakeError(ControlErrorKind::kSocket,
                     fmt::format("control socket path '{}' exists and is not a socket", path));
  }
  int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (probe < 0) {
    return MakeError(ControlErrorKind::kSocket, fmt::format("socket(): {}", Errno(errno)));
  }
  int rc = ConnectFd(probe, addr);
  int err = errno;
  ::close(probe);
  if (rc == 0 || err == EAGAIN) {
    return MakeError(ControlErrorKind::kSocket,
                     fmt::format("another process is listening on control socket '{}'", path));
  }
  if (err == ECONNREFUSED && ::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return MakeError(
        ControlErrorKind::kSocket,
        fmt::format("cannot remove stale control socket '{}': {}", path, Errno(errno)));
  }
  return {};
}

std::string StatusText(std::uint8_t kind) {
  switch (static_cast<ControlStatus>(kind)) {
    case ControlStatus::kOk:
    case ControlStatus::kCommandError:
    case ControlStatus::kProtocolError:
      return {};
  }
  return fmt::format("unknown response status {}", kind);
}

}  // namespace

std::string EncodeControlFrame(std::uint8_t kind, std::string_view payload) {
  std::string out;
  out.reserve(kControlHeaderSize + payload.size());
  auto len = static_cast<std::uint32_t>(payload.size());
  out.push_back('M');
  out.push_back('C');
  out.push_back(static_cast<char>(kControlVersion));
  out.push_back(static_cast<char>(kind));
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((len >> shift) & 0xffU));
  }
  out.append(payload);
  return out;
}

Result<ControlFrameHeader, ControlError> DecodeControlHeader(std::string_view header,
                                                             std::size_t max_payload) {
  if (header.size() < kControlHeaderSize) {
    return MakeError(ControlErrorKind::kProtocol,
                     fmt::format("control frame header truncated ({} of {} bytes)", header.size(),
                                 kControlHeaderSize));
  }
  if (header[0] != 'M' || header[1] != 'C') {
    return MakeError(ControlErrorKind::kProtocol, "not a control frame (bad magic)");
  }
  auto version = static_cast<std::uint8_t>(header[2]);
  if (version != kControlVersion) {
    return MakeError(ControlErrorKind::kProtocol,
                     fmt::format("control protocol version {} not supported (this is {})", version,
                                 kControlVersion));
  }
  ControlFrameHeader h;
  h.kind = static_cast<std::uint8_t>(header[3]);
  for (std::size_t i = 4; i < kControlHeaderSize; ++i) {
    h.length = (h.length << 8) | static_cast<std::uint8_t>(header[i]);
  }
  if (h.length > max_payload) {
    return MakeError(ControlErrorKind::kTooLarge,
                     fmt::format("control frame of {} bytes is over the limit of {} bytes",
                                 h.length, max_payload));
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Server

Result<ControlServer, ControlError> ControlServer::Listen(std::string path, mode_t mode,
                                                          std::chrono::milliseconds idle_timeout) {
  auto addr = UnixAddress(path);
  if (!addr) {
    return addr.error();
  }
  if (auto st = RemoveStaleSocket(path, *addr); !st) {
    return st.error();
  }
  int lfd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (lfd < 0) {
    return MakeError(ControlErrorKind::kSocket, fmt::format("socket(): {}", Errno(errno)));
  }
  auto fail = [&](std::string what, bool unlink_path) -> ControlError {
    int err = errno;
    ::close(lfd);
    if (unlink_path) {
      ::unlink(path.c_str());
    }
    return MakeError(ControlErrorKind::kSocket,
                     fmt::format("control socket '{}': {}: {}", path, what, Errno(err)));
  };
  if (::bind(lfd, reinterpret_cast<const sockaddr*>(&*addr), sizeof(*addr)) != 0) {
    return fail("bind", false);
  }
  // Before listen(): nobody can connect yet, so the mode applies to every client.
  if (::chmod(path.c_str(), mode) != 0) {
    return fail("chmod", true);
  }
  if (::listen(lfd, kListenBacklog) != 0) {
    return fail("listen", true);
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fail("stat", true);
  }
  int efd = ::epoll_create1(EPOLL_CLOEXEC);
  if (efd < 0) {
    return fail("epoll_create1", true);
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  if (::epoll_ctl(efd, EPOLL_CTL_ADD, lfd, &ev) != 0) {
    ::close(efd);
    return fail("epoll_ctl", true);
  }
  return ControlServer(std::move(path), lfd, efd, st.st_ino, idle_timeout);
}

ControlServer::ControlServer(std::string path, int listen_fd, int epoll_fd, ino_t inode,
                             std::chrono::milliseconds idle_timeout)
    : path_(std::move(path)),
      listen_fd_(listen_fd),
      epoll_fd_(epoll_fd),
      inode_(inode),
      idle_timeout_(idle_timeout) {}

ControlServer::ControlServer(ControlServer&& other) noexcept
    : path_(std::move(other.path_)),
      listen_fd_(std::exchange(other.listen_fd_, -1)),
      epoll_fd_(std::exchange(other.epoll_fd_, -1)),
      inode_(other.inode_),
      idle_timeout_(other.idle_timeout_),
      clients_(std::move(other.clients_)),
      counters_(other.counters_) {
  other.clients_.clear();
}

ControlServer& ControlServer::operator=(ControlServer&& other) noexcept {
  if (this != &other) {
    Close();
    path_ = std::move(other.path_);
    listen_fd_ = std::exchange(other.listen_fd_, -1);
    epoll_fd_ = std::exchange(other.epoll_fd_, -1);
    inode_ = other.inode_;
    idle_timeout_ = other.idle_timeout_;
    clients_ = std::move(other.clients_);
    other.clients_.clear();
    counters_ = other.counters_;
  }
  return *this;
}

ControlServer::~ControlServer() { Close(); }

void ControlServer::Close() {
  for (auto& [fd, client] : clients_) {
    ::close(fd);
  }
  clients_.clear();
  if (listen_fd_ >= 0) {
    // Only remove the file if it is still ours: a second daemon may have replaced it.
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && st.st_ino == inode_) {
      ::unlink(path_.c_str());
    }
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
  if (epoll_fd_ >= 0) {
    ::close(epoll_fd_);
    epoll_fd_ = -1;
  }
}

void ControlServer::OnReadable(const Handler& handler) {
  std::array<epoll_event, kEventBatch> events{};
  int n = ::epoll_wait(epoll_fd_, events.data(), kEventBatch, 0);
  auto now = Clock::now();
  for (int i = 0; i < n; ++i) {
    int fd = events[static_cast<std::size_t>(i)].data.fd;
    if (fd == listen_fd_) {
      AcceptAll(now);
    } else {
      ServeClient(fd, handler, now);
    }
  }
}

void ControlServer::AcceptAll(Clock::time_point now) {
  for (;;) {
    int cfd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (cfd < 0) {
      return;  // EAGAIN: drained; anything else (EMFILE, ...): try again on the next wakeup
    }
    if (!MakeRoom(now)) {
      ++counters_.rejected_clients;
      std::string msg = EncodeControlFrame(
          static_cast<std::uint8_t>(ControlStatus::kProtocolError),
          fmt::format("too many control connections (limit {})", kMaxControlClients));
      // Best effort: a fresh socket's buffer takes one short frame.
      [[maybe_unused]] auto sent = ::send(cfd, msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::close(cfd);
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = cfd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, cfd, &ev) != 0) {
      ::close(cfd);
      continue;
    }
    ++counters_.accepted;
    clients_[cfd].last_activity = now;
  }
}

// At the client limit, the longest-idle client with nothing to write goes if it has been idle
// for the idle timeout; otherwise the newcomer is refused.
bool ControlServer::MakeRoom(Clock::time_point now) {
  if (clients_.size() < kMaxControlClients) {
    return true;
  }
  int victim = -1;
  Clock::time_point oldest = now;
  for (const auto& [fd, c] : clients_) {
    if (c.out.empty() && now - c.last_activity >= idle_timeout_ && c.last_activity <= oldest) {
      victim = fd;
      oldest = c.last_activity;
    }
  }
  if (victim < 0) {
    return false;
  }
  ++counters_.idle_closed;
  DropClient(victim);
  return true;
}

void ControlServer::ServeClient(int fd, const Handler& handler, Clock::time_point now) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) {
    return;
  }
  it->second.last_activity = now;
  if (!Pump(fd, it->second, handler)) {
    DropClient(fd);
    return;
  }
  UpdateInterest(fd, it->second);
}

// Alternates writing, answering one buffered request and reading, until the socket would block
// either way. False when the connection is finished (error, EOF, answered protocol error).
bool ControlServer::Pump(int fd, Client& c, const Handler& handler) {
  for (;;) {
    if (!Flush(fd, c)) {
      return false;
    }
    if (!c.out.empty()) {
      return true;  // socket full: wait for EPOLLOUT before reading more
    }
    if (c.close_after_write) {
      return false;
    }
    std::size_t before = c.in.size();
    ProcessOne(c, handler);
    if (!c.out.empty() || c.in.size() != before) {
      continue;
    }
    if (c.peer_closed) {
      return false;  // everything complete was answered; a partial request never will be
    }
    switch (ReadSome(fd, c)) {
      case ReadOutcome::kData:
        break;
      case ReadOutcome::kWouldBlock:
        return true;
      case ReadOutcome::kEof:
        c.peer_closed = true;
        break;
      case ReadOutcome::kError:
        return false;
    }
  }
}

ControlServer::ReadOutcome ControlServer::ReadSome(int fd, Client& c) {
  std::array<char, kReadChunk> buf{};
  for (;;) {
    ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n > 0) {
      c.in.append(buf.data(), static_cast<std::size_t>(n));
      return ReadOutcome::kData;
    }
    if (n == 0) {
      return ReadOutcome::kEof;
    }
    if (errno == EINTR) {
      continue;
    }
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? ReadOutcome::kWouldBlock
                                                     : ReadOutcome::kError;
  }
}

// Answers the first buffered request if it is complete. The header is checked as soon as it
// has arrived, so an oversize length is refused before its payload is read: the input buffer
// never exceeds one header, one request and one read chunk.
void ControlServer::ProcessOne(Client& c, const Handler& handler) {
  if (c.in.size() < kControlHeaderSize) {
    return;
  }
  auto protocol_error = [&](const std::string& why) {
    ++counters_.protocol_errors;
    c.out = EncodeControlFrame(static_cast<std::uint8_t>(ControlStatus::kProtocolError), why);
    c.in.clear();
    c.close_after_write = true;
  };
  auto header =
      DecodeControlHeader(std::string_view(c.in).substr(0, kControlHeaderSize), kMaxControlRequest);
  if (!header) {
    protocol_error(header.error().message);
    return;
  }
  if (header->kind != kRequestCommand) {
    protocol_error(fmt::format("control frame kind {} is not a request", header->kind));
    return;
  }
  std::size_t total = kControlHeaderSize + header->length;
  if (c.in.size() < total) {
    return;
  }
  std::string command = c.in.substr(kControlHeaderSize, header->length);
  c.in.erase(0, total);
  ++counters_.requests;
  ControlResponse resp = handler(command);
  if (resp.text.size() > kMaxControlResponse) {
    ++counters_.oversize_responses;
    resp = ControlResponse::Error(
        fmt::format("output of '{}' is {} bytes, over the control limit of {} bytes", command,
                    resp.text.size(), kMaxControlResponse));
  }
  c.out = EncodeControlFrame(static_cast<std::uint8_t>(resp.status), resp.text);
}

bool ControlServer::Flush(int fd, Client& c) {
  while (!c.out.empty()) {
    ssize_t n = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

void ControlServer::UpdateInterest(int fd, const Client& c) {
  epoll_event ev{};
  ev.events = c.out.empty() ? EPOLLIN : EPOLLOUT;
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
}

void ControlServer::DropClient(int fd) {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  ::close(fd);
  clients_.erase(fd);
}

// ---------------------------------------------------------------------------------------------
// Client

Result<ControlClient, ControlError> ControlClient::Connect(const std::string& path,
                                                           std::chrono::milliseconds timeout) {
  auto addr = UnixAddress(path);
  if (!addr) {
    return MakeError(ControlErrorKind::kConnect, addr.error().message);
  }
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    return MakeError(ControlErrorKind::kConnect, fmt::format("socket(): {}", Errno(errno)));
  }
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (ConnectFd(fd, *addr) == 0) {
      return ControlClient(path, fd);
    }
    int err = errno;
    // A unix socket's full backlog says EAGAIN: wait for room and retry until the deadline.
    if ((err == EAGAIN || err == EINTR) && RemainingMs(deadline) > 0) {
      WaitFor(fd, POLLOUT, deadline);
      continue;
    }
    ::close(fd);
    std::string hint = (err == ENOENT || err == ECONNREFUSED)
                           ? " (is mcastd running? use -s to name its socket)"
                           : "";
    if (err == EAGAIN) {
      return MakeError(ControlErrorKind::kTimeout,
                       fmt::format("cannot connect to mcastd at {}: timed out", path));
    }
    return MakeError(ControlErrorKind::kConnect,
                     fmt::format("cannot connect to mcastd at {}: {}{}", path, Errno(err), hint));
  }
}

ControlClient::ControlClient(ControlClient&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

ControlClient& ControlClient::operator=(ControlClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

ControlClient::~ControlClient() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

namespace {

// Writes all of `data`. EPIPE is not an error here: the daemon answers a bad request and
// closes, and its answer is still waiting to be read.
Status<ControlError> WriteAll(int fd, std::string_view data, Clock::time_point deadline,
                              const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd, POLLOUT, deadline)) {
        return MakeError(ControlErrorKind::kTimeout,
                         fmt::format("mcastd at {} did not take the request in time", path));
      }
      continue;
    }
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
      return {};
    }
    return MakeError(ControlErrorKind::kProtocol,
                     fmt::format("writing to mcastd at {}: {}", path, Errno(errno)));
  }
  return {};
}

// Reads exactly `want` bytes into `out`.
Status<ControlError> ReadExactly(int fd, std::size_t want, std::string& out,
                                 Clock::time_point deadline, const std::string& path) {
  std::array<char, 65536> buf{};
  while (out.size() < want) {
    std::size_t room = std::min(buf.size(), want - out.size());
    ssize_t n = ::recv(fd, buf.data(), room, 0);
    if (n > 0) {
      out.append(buf.data(), static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      return MakeError(ControlErrorKind::kProtocol,
                       fmt::format("mcastd at {} closed the connection before answering", path));
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!WaitFor(fd, POLLIN, deadline)) {
        return MakeError(ControlErrorKind::kTimeout,
                         fmt::format("mcastd at {} did not answer in time", path));
      }
      continue;
    }
    return MakeError(ControlErrorKind::kProtocol,
                     fmt::format("reading from mcastd at {}: {}", path, Errno(errno)));
  }
  return {};
}

}  // namespace

Result<ControlResponse, ControlError> ControlClient::Request(std::string_view command,
                                                             std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    return MakeError(ControlErrorKind::kConnect, fmt::format("not connected to {}", path_));
  }
  if (command.size() > kMaxControlRequest) {
    return MakeError(ControlErrorKind::kTooLarge,
                     fmt::format("command of {} bytes is over the limit of {} bytes",
                                 command.size(), kMaxControlRequest));
  }
  auto deadline = Clock::now() + timeout;
  auto fail = [&](ControlError e) -> ControlError {
    ::close(fd_);  // the stream is out of step now
    fd_ = -1;
    return e;
  };
  if (auto st = WriteAll(fd_, EncodeControlFrame(kRequestCommand, command), deadline, path_); !st) {
    return fail(st.error());
  }
  std::string header;
  if (auto st = ReadExactly(fd_, kControlHeaderSize, header, deadline, path_); !st) {
    return fail(st.error());
  }
  auto h = DecodeControlHeader(header, kMaxControlResponse);
  if (!h) {
    return fail(h.error());
  }
  if (std::string why = StatusText(h->kind); !why.empty()) {
    return fail(MakeError(ControlErrorKind::kProtocol, why));
  }
  std::string body;
  if (auto st = ReadExactly(fd_, h->length, body, deadline, path_); !st) {
    return fail(st.error());
  }
  return ControlResponse(static_cast<ControlStatus>(h->kind), std::move(body));
}

Result<ControlResponse, ControlError> ControlRequest(const std::string& path,
                                                     std::string_view command,
                                                     std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  auto client = ControlClient::Connect(path, timeout);
  if (!client) {
    return client.error();
  }
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return client->Request(command, std::max(left, std::chrono::milliseconds(1)));
}

}  // namespace mc::platform
