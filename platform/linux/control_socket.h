// The mcastctl <-> mcastd control protocol over a unix stream socket (default path
// /run/mcastd/mcastd.sock): one command line per request ("show ip mroute | json",
// "clear ip mroute *", "debug pim"), one status plus text per response.
//
// Wire format, both directions: an 8-byte header, then `length` payload bytes.
//   byte 0-1  magic 'M' 'C'
//   byte 2    version (kControlVersion)
//   byte 3    kind: in a request kRequestCommand; in a response a ControlStatus
//   byte 4-7  payload length, big endian
// A request's payload is the command line (no newline), at most kMaxControlRequest bytes; a
// response's payload is the rendered text, at most kMaxControlResponse bytes. Anything else
// (bad magic, unknown version or kind, a length over the limit) gets one kProtocolError
// response naming the problem and the connection is closed: a stream cannot resynchronise.
//
// The server side never blocks, so it runs inside the daemon's epoll loop: fd() is an epoll
// instance of its own (the listening socket plus every client connection), so the host loop
// registers one fd for EPOLLIN and calls OnReadable() when it fires. Connections are bounded
// (kMaxControlClients; idle ones are closed after kControlIdleTimeout when room is needed), a
// client's requests are answered in order, and a pending response stops further reads from
// that client until it is written. The client side (ControlRequest, ControlClient) blocks with
// a deadline; mcastctl uses it.
//
// Leaves out: authentication beyond the socket file's mode (root and the socket's group),
// streaming responses (`debug` output goes to the daemon's log, not back over the socket).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mc::platform {

inline constexpr std::string_view kDefaultControlSocket = "/run/mcastd/mcastd.sock";
inline constexpr std::uint8_t kControlVersion = 1;
inline constexpr std::uint8_t kRequestCommand = 0x51;  // 'Q'
inline constexpr std::size_t kControlHeaderSize = 8;
inline constexpr std::size_t kMaxControlRequest = 4096;
inline constexpr std::size_t kMaxControlResponse = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxControlClients = 16;
inline constexpr std::chrono::seconds kControlIdleTimeout{30};

// Status byte of a response.
enum class ControlStatus : std::uint8_t {
  kOk = 0,             // text is the command's output
  kCommandError = 1,   // the daemon rejected the command; text says why
  kProtocolError = 2,  // the request was not a valid frame; text says why
};

// What the handler returns. Implicit from a string, so a handler that only renders text
// (`[](std::string_view cmd) -> std::string`) answers kOk.
struct ControlResponse {
  ControlStatus status = ControlStatus::kOk;
  std::string text;

  ControlResponse() = default;
  ControlResponse(std::string t) : text(std::move(t)) {}  // NOLINT: implicit by design
  ControlResponse(ControlStatus s, std::string t) : status(s), text(std::move(t)) {}
  static ControlResponse Error(std::string t) {
    return {ControlStatus::kCommandError, std::move(t)};
  }
};

enum class ControlErrorKind : std::uint8_t {
  kSocket,    // socket(), bind(), listen() or a path problem (too long, in use)
  kConnect,   // no daemon at the path (ENOENT, ECONNREFUSED, EACCES, ...)
  kTimeout,   // the deadline passed before the response was complete
  kProtocol,  // the peer sent something that is not a control frame, or closed early
  kTooLarge,  // a request or response over its limit
};

struct ControlError {
  ControlErrorKind kind = ControlErrorKind::kSocket;
  std::string message;  // complete sentence for the user, names the socket path
};

// A decoded frame header.
struct ControlFrameHeader {
  std::uint8_t kind = 0;
  std::uint32_t length = 0;
};

// Pure framing helpers (exposed for tests and for the client).
std::string EncodeControlFrame(std::uint8_t kind, std::string_view payload);
// Checks magic and version and the length against max_payload.
Result<ControlFrameHeader, ControlError> DecodeControlHeader(std::string_view header,
                                                             std::size_t max_payload);

// The daemon side. Movable, not copyable; the destructor closes every fd and removes the
// socket file if it is still the one this server created.
class ControlServer {
 public:
  using Handler = std::function<ControlResponse(std::string_view command)>;

  // Creates the socket at `path` (mode `mode`, e.g. 0660), after removing a stale socket file
  // that nobody listens on. Fails if another process is listening there, if the path does not
  // fit sockaddr_un, or if the parent directory does not exist.
  // `idle_timeout`: how long a client may sit idle before it is closed to make room.
  static Result<ControlServer, ControlError> Listen(
      std::string path, mode_t mode = 0660,
      std::chrono::milliseconds idle_timeout = kControlIdleTimeout);

  ControlServer(ControlServer&& other) noexcept;
  ControlServer& operator=(ControlServer&& other) noexcept;
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  ~ControlServer();

  // Register this for EPOLLIN in the host loop (it is an epoll fd).
  int fd() const { return epoll_fd_; }
  const std::string& path() const { return path_; }

  // Call when fd() is readable: accepts new clients, reads complete requests, calls
  // `handler` once per request in arrival order, writes responses (as far as the socket
  // takes them; the rest on a later call). Never blocks.
  void OnReadable(const Handler& handler);

  std::size_t client_count() const { return clients_.size(); }

  // Counters for `show` and tests.
  struct Counters {
    std::uint64_t accepted = 0;
    std::uint64_t requests = 0;
    std::uint64_t protocol_errors = 0;   // bad frames, oversize requests
    std::uint64_t rejected_clients = 0;  // over kMaxControlClients with nobody idle
    std::uint64_t idle_closed = 0;
    std::uint64_t oversize_responses = 0;  // handler output over kMaxControlResponse
  };
  const Counters& counters() const { return counters_; }

 private:
  struct Client {
    std::string in;                  // bytes read, not yet a complete request
    std::string out;                 // response bytes not yet written
    bool close_after_write = false;  // a protocol error was answered
    bool peer_closed = false;        // EOF read: answer what is buffered, then close
    std::chrono::steady_clock::time_point last_activity;
  };

  ControlServer(std::string path, int listen_fd, int epoll_fd, ino_t inode,
                std::chrono::milliseconds idle_timeout);
  void Close();
  void AcceptAll(std::chrono::steady_clock::time_point now);
  bool MakeRoom(std::chrono::steady_clock::time_point now);
  void ServeClient(int fd, const Handler& handler, std::chrono::steady_clock::time_point now);
  bool Pump(int fd, Client& c, const Handler& handler);
  enum class ReadOutcome : std::uint8_t { kData, kWouldBlock, kEof, kError };
  static ReadOutcome ReadSome(int fd, Client& c);
  void ProcessOne(Client& c, const Handler& handler);
  static bool Flush(int fd, Client& c);
  void UpdateInterest(int fd, const Client& c);
  void DropClient(int fd);

  std::string path_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  ino_t inode_ = 0;
  std::chrono::milliseconds idle_timeout_ = kControlIdleTimeout;
  std::map<int, Client> clients_;
  Counters counters_;
};

// The mcastctl side: one connection, any number of sequential requests (interactive mode).
class ControlClient {
 public:
  static Result<ControlClient, ControlError> Connect(const std::string& path,
                                                     std::chrono::milliseconds timeout);
  ControlClient(ControlClient&& other) noexcept;
  ControlClient& operator=(ControlClient&& other) noexcept;
  ControlClient(const ControlClient&) = delete;
  ControlClient& operator=(const ControlClient&) = delete;
  ~ControlClient();

  // Sends one command and waits for its response. A daemon-side error is a ControlResponse
  // with status kCommandError/kProtocolError, not a ControlError; ControlError means the
  // exchange itself failed (after which the connection is unusable).
  Result<ControlResponse, ControlError> Request(std::string_view command,
                                                std::chrono::milliseconds timeout);

 private:
  ControlClient(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

// Connect, send one command, wait for the response, close.
Result<ControlResponse, ControlError> ControlRequest(const std::string& path,
                                                     std::string_view command,
                                                     std::chrono::milliseconds timeout);

}  // namespace mc::platform
