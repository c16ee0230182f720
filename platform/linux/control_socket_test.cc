// Tests for the control protocol: frame encoding and header checks, and a real server and client
// over a unix socket in a private temporary directory (no network). The server is driven the
// way the daemon drives it: poll() on fd() and OnReadable() when it is readable; the client
// runs on a second thread because it blocks.
#include "platform/linux/control_socket.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace mc::platform {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kLongTimeout{10000};

std::uint8_t Status8(ControlStatus s) { return static_cast<std::uint8_t>(s); }

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mcctlXXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Sock(const std::string& name = "mcastd.sock") const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs the server's side of the loop until `done` is set.
void Serve(ControlServer& server, const ControlServer::Handler& handler, std::atomic<bool>& done) {
  while (!done.load()) {
    pollfd p{server.fd(), POLLIN, 0};
    if (::poll(&p, 1, 10) > 0) {
      server.OnReadable(handler);
    }
  }
}

// Runs `client` on a thread while this thread serves; returns the client's result.
template <class F>
auto WithServer(ControlServer& server, const ControlServer::Handler& handler, F client) {
  std::atomic<bool> done{false};
  auto fut = std::async(std::launch::async, [&] {
    auto r = client();
    done.store(true);
    return r;
  });
  Serve(server, handler, done);
  return fut.get();
}

int RawConnect(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  EXPECT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

// Reads one response frame from a raw socket (blocking).
std::pair<std::uint8_t, std::string> RawReadFrame(int fd) {
  std::string header(kControlHeaderSize, '\0');
  std::size_t got = 0;
  while (got < header.size()) {
    ssize_t n = ::recv(fd, header.data() + got, header.size() - got, 0);
    if (n <= 0) {
      return {0xff, "eof"};
    }
    got += static_cast<std::size_t>(n);
  }
  auto h = DecodeControlHeader(header, kMaxControlResponse);
  if (!h) {
    return {0xfe, h.error().message};
  }
  std::string body(h->length, '\0');
  got = 0;
  while (got < body.size()) {
    ssize_t n = ::recv(fd, body.data() + got, body.size() - got, 0);
    if (n <= 0) {
      return {0xff, "eof"};
    }
    got += static_cast<std::size_t>(n);
  }
  return {h->kind, body};
}

// --- framing ---------------------------------------------------------------------------------

TEST(ControlFrame, EncodesHeaderBigEndianLength) {
  std::string f = EncodeControlFrame(kRequestCommand, "show ip mroute");
  ASSERT_EQ(f.size(), kControlHeaderSize + 14);
  EXPECT_EQ(f[0], 'M');
  EXPECT_EQ(f[1], 'C');
  EXPECT_EQ(static_cast<std::uint8_t>(f[2]), kControlVersion);
  EXPECT_EQ(static_cast<std::uint8_t>(f[3]), kRequestCommand);
  EXPECT_EQ(f.substr(4, 4), std::string("\0\0\0\x0e", 4));
  EXPECT_EQ(f.substr(8), "show ip mroute");
}

TEST(ControlFrame, RoundTripsLengthOverOneByte) {
  std::string payload(70000, 'x');
  std::string f = EncodeControlFrame(Status8(ControlStatus::kCommandError), payload);
  auto h = DecodeControlHeader(f, kMaxControlResponse);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, Status8(ControlStatus::kCommandError));
  EXPECT_EQ(h->length, 70000U);
}

TEST(ControlFrame, RejectsTruncatedHeader) {
  auto h = DecodeControlHeader("MC\x01", kMaxControlRequest);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().kind, ControlErrorKind::kProtocol);
  EXPECT_NE(h.error().message.find("truncated"), std::string::npos);
}

TEST(ControlFrame, RejectsBadMagic) {
  auto h = DecodeControlHeader("show ip mroute\n", kMaxControlRequest);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("bad magic"), std::string::npos);
}

TEST(ControlFrame, RejectsOtherVersion) {
  std::string f = EncodeControlFrame(kRequestCommand, "x");
  f[2] = 2;
  auto h = DecodeControlHeader(f, kMaxControlRequest);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("version 2"), std::string::npos);
}

TEST(ControlFrame, RejectsLengthOverLimit) {
  std::string f = EncodeControlFrame(kRequestCommand, std::string(kMaxControlRequest + 1, 'a'));
  auto h = DecodeControlHeader(f, kMaxControlRequest);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().kind, ControlErrorKind::kTooLarge);
  auto ok = DecodeControlHeader(EncodeControlFrame(kRequestCommand, std::string(4096, 'a')),
                                kMaxControlRequest);
  EXPECT_TRUE(ok);
}

// --- server and client -----------------------------------------------------------------------

ControlResponse Echo(std::string_view cmd) {
  if (cmd.starts_with("bad")) {
    return ControlResponse::Error("% Invalid input detected");
  }
  return std::string("you said: ") + std::string(cmd);
}

TEST(ControlSocket, RequestGetsHandlerOutput) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server) << server.error().message;
  auto r = WithServer(*server, Echo, [&] {
    return ControlRequest(dir.Sock(), "show ip mroute | json", kLongTimeout);
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, ControlStatus::kOk);
  EXPECT_EQ(r->text, "you said: show ip mroute | json");
  EXPECT_EQ(server->counters().requests, 1U);
}

TEST(ControlSocket, CommandErrorIsAResponseNotATransportError) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto r = WithServer(*server, Echo,
                      [&] { return ControlRequest(dir.Sock(), "bad command", kLongTimeout); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ControlStatus::kCommandError);
  EXPECT_EQ(r->text, "% Invalid input detected");
}

TEST(ControlSocket, SocketFileHasRequestedMode) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock(), 0600);
  ASSERT_TRUE(server);
  struct stat st {};
  ASSERT_EQ(::stat(dir.Sock().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600U);
}

TEST(ControlSocket, OneConnectionCarriesSequentialRequests) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto texts = WithServer(*server, Echo, [&] {
    std::vector<std::string> out;
    auto c = ControlClient::Connect(dir.Sock(), kLongTimeout);
    if (!c) {
      out.push_back(c.error().message);
      return out;
    }
    for (const char* cmd : {"show a", "bad b", "show c"}) {
      auto r = c->Request(cmd, kLongTimeout);
      out.push_back(r ? std::to_string(static_cast<int>(r->status)) + ":" + r->text
                      : r.error().message);
    }
    return out;
  });
  ASSERT_EQ(texts.size(), 3U);
  EXPECT_EQ(texts[0], "0:you said: show a");
  EXPECT_EQ(texts[1], "1:% Invalid input detected");
  EXPECT_EQ(texts[2], "0:you said: show c");
  EXPECT_EQ(server->counters().accepted, 1U);
}

TEST(ControlSocket, PipelinedRequestsAnsweredInOrder) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto frames = WithServer(*server, Echo, [&] {
    int fd = RawConnect(dir.Sock());
    std::string both =
        EncodeControlFrame(kRequestCommand, "one") + EncodeControlFrame(kRequestCommand, "two");
    EXPECT_EQ(::send(fd, both.data(), both.size(), 0), static_cast<ssize_t>(both.size()));
    ::shutdown(fd, SHUT_WR);  // EOF after two complete requests: both still get answers
    auto a = RawReadFrame(fd);
    auto b = RawReadFrame(fd);
    auto c = RawReadFrame(fd);
    ::close(fd);
    return std::vector{a, b, c};
  });
  EXPECT_EQ(frames[0].second, "you said: one");
  EXPECT_EQ(frames[1].second, "you said: two");
  EXPECT_EQ(frames[2].first, 0xff);  // then the server closes
}

TEST(ControlSocket, RequestSplitAcrossWritesIsReassembled) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto frame = WithServer(*server, Echo, [&] {
    int fd = RawConnect(dir.Sock());
    std::string f = EncodeControlFrame(kRequestCommand, "show ip pim neighbor");
    for (char ch : f) {
      EXPECT_EQ(::send(fd, &ch, 1, 0), 1);
      std::this_thread::sleep_for(milliseconds(1));
    }
    auto r = RawReadFrame(fd);
    ::close(fd);
    return r;
  });
  EXPECT_EQ(frame.first, Status8(ControlStatus::kOk));
  EXPECT_EQ(frame.second, "you said: show ip pim neighbor");
}

TEST(ControlSocket, OversizeRequestHeaderGetsProtocolErrorAndClose) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  bool called = false;
  auto handler = [&](std::string_view) -> ControlResponse {
    called = true;
    return std::string("no");
  };
  auto frames = WithServer(*server, handler, [&] {
    int fd = RawConnect(dir.Sock());
    // Only the header: the server must refuse on the length alone, without waiting for data.
    std::string f = EncodeControlFrame(kRequestCommand, std::string(100000, 'z'));
    EXPECT_EQ(::send(fd, f.data(), kControlHeaderSize, 0), 8);
    auto a = RawReadFrame(fd);
    auto b = RawReadFrame(fd);
    ::close(fd);
    return std::vector{a, b};
  });
  EXPECT_EQ(frames[0].first, Status8(ControlStatus::kProtocolError));
  EXPECT_NE(frames[0].second.find("over the limit of 4096"), std::string::npos);
  EXPECT_EQ(frames[1].first, 0xff);
  EXPECT_FALSE(called);
  EXPECT_EQ(server->counters().protocol_errors, 1U);
}

TEST(ControlSocket, GarbageGetsProtocolError) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto frame = WithServer(*server, Echo, [&] {
    int fd = RawConnect(dir.Sock());
    std::string line = "show ip mroute\n";
    EXPECT_EQ(::send(fd, line.data(), line.size(), 0), static_cast<ssize_t>(line.size()));
    auto r = RawReadFrame(fd);
    ::close(fd);
    return r;
  });
  EXPECT_EQ(frame.first, Status8(ControlStatus::kProtocolError));
  EXPECT_NE(frame.second.find("bad magic"), std::string::npos);
}

TEST(ControlSocket, ResponseKindInRequestIsRefused) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto frame = WithServer(*server, Echo, [&] {
    int fd = RawConnect(dir.Sock());
    std::string f = EncodeControlFrame(Status8(ControlStatus::kOk), "hi");
    EXPECT_EQ(::send(fd, f.data(), f.size(), 0), static_cast<ssize_t>(f.size()));
    auto r = RawReadFrame(fd);
    ::close(fd);
    return r;
  });
  EXPECT_EQ(frame.first, Status8(ControlStatus::kProtocolError));
  EXPECT_NE(frame.second.find("not a request"), std::string::npos);
}

TEST(ControlSocket, ClientRefusesOversizeCommandLocally) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto r = WithServer(*server, Echo, [&] {
    return ControlRequest(dir.Sock(), std::string(kMaxControlRequest + 1, 'q'), kLongTimeout);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ControlErrorKind::kTooLarge);
  EXPECT_EQ(server->counters().requests, 0U);
}

TEST(ControlSocket, LargeResponseIsWrittenAcrossWakeups) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  // Larger than any unix socket buffer, so the server must stop at EAGAIN and resume on EPOLLOUT.
  std::string big(3 * 1024 * 1024, 'm');
  for (std::size_t i = 0; i < big.size(); i += 997) {
    big[i] = static_cast<char>('a' + i % 26);
  }
  auto handler = [&](std::string_view) -> ControlResponse { return big; };
  auto r = WithServer(*server, handler,
                      [&] { return ControlRequest(dir.Sock(), "show ip mroute", kLongTimeout); });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, big);
}

TEST(ControlSocket, OversizeHandlerOutputBecomesCommandError) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  auto handler = [&](std::string_view) -> ControlResponse {
    return std::string(kMaxControlResponse + 1, 'x');
  };
  auto r = WithServer(*server, handler,
                      [&] { return ControlRequest(dir.Sock(), "show huge", kLongTimeout); });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, ControlStatus::kCommandError);
  EXPECT_NE(r->text.find("over the control limit"), std::string::npos);
  EXPECT_EQ(server->counters().oversize_responses, 1U);
}

TEST(ControlSocket, ConnectErrorNamesThePath) {
  TempDir dir;
  auto r = ControlRequest(dir.Sock("absent.sock"), "show version", milliseconds(500));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ControlErrorKind::kConnect);
  EXPECT_NE(r.error().message.find(dir.Sock("absent.sock")), std::string::npos);
  EXPECT_NE(r.error().message.find("is mcastd running"), std::string::npos);
}

TEST(ControlSocket, SilentDaemonTimesOut) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  // Nobody calls OnReadable: the connection is queued in the backlog and never answered.
  auto r = ControlRequest(dir.Sock(), "show ip mroute", milliseconds(50));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ControlErrorKind::kTimeout);
}

TEST(ControlSocket, PathTooLongIsAClearError) {
  auto r = ControlServer::Listen("/tmp/" + std::string(200, 'p'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ControlErrorKind::kSocket);
  EXPECT_NE(r.error().message.find("1 to 107 bytes"), std::string::npos);
}

TEST(ControlSocket, MissingDirectoryIsAClearError) {
  TempDir dir;
  auto r = ControlServer::Listen(dir.Sock("nodir/mcastd.sock"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bind"), std::string::npos);
  EXPECT_NE(r.error().message.find("No such file"), std::string::npos);
}

TEST(ControlSocket, SecondListenerOnLivePathIsRefused) {
  TempDir dir;
  auto first = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(first);
  auto second = ControlServer::Listen(dir.Sock());
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another process is listening"), std::string::npos);
}

TEST(ControlSocket, StaleSocketFileIsReplaced) {
  TempDir dir;
  {
    // A socket bound and closed without unlink: what a crashed daemon leaves behind.
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string p = dir.Sock();
    std::memcpy(addr.sun_path, p.data(), p.size());
    ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
    ::close(fd);
  }
  ASSERT_TRUE(std::filesystem::exists(dir.Sock()));
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server) << server.error().message;
  auto r =
      WithServer(*server, Echo, [&] { return ControlRequest(dir.Sock(), "show x", kLongTimeout); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "you said: show x");
}

TEST(ControlSocket, RegularFileAtPathIsNotRemoved) {
  TempDir dir;
  {
    std::FILE* f = std::fopen(dir.Sock().c_str(), "w");
    std::fclose(f);
  }
  auto r = ControlServer::Listen(dir.Sock());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("is not a socket"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.Sock()));
}

TEST(ControlSocket, DestructorRemovesItsSocketFile) {
  TempDir dir;
  {
    auto server = ControlServer::Listen(dir.Sock());
    ASSERT_TRUE(server);
    EXPECT_TRUE(std::filesystem::exists(dir.Sock()));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Sock()));
}

TEST(ControlSocket, MovedServerKeepsServing) {
  TempDir dir;
  auto made = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(made);
  ControlServer server = std::move(*made);
  auto r = WithServer(server, Echo,
                      [&] { return ControlRequest(dir.Sock(), "show moved", kLongTimeout); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "you said: show moved");
  EXPECT_TRUE(std::filesystem::exists(dir.Sock()));
}

TEST(ControlSocket, ClientsOverTheLimitAreRefusedWithAMessage) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  std::vector<int> held;
  for (std::size_t i = 0; i < kMaxControlClients; ++i) {
    held.push_back(RawConnect(dir.Sock()));
  }
  server->OnReadable(Echo);
  EXPECT_EQ(server->client_count(), kMaxControlClients);
  int extra = RawConnect(dir.Sock());
  server->OnReadable(Echo);
  auto frame = RawReadFrame(extra);
  EXPECT_EQ(frame.first, Status8(ControlStatus::kProtocolError));
  EXPECT_NE(frame.second.find("too many control connections"), std::string::npos);
  EXPECT_EQ(server->counters().rejected_clients, 1U);
  EXPECT_EQ(server->client_count(), kMaxControlClients);
  ::close(extra);
  for (int fd : held) {
    ::close(fd);
  }
}

TEST(ControlSocket, AtTheLimitTheLongestIdleClientMakesRoom) {
  TempDir dir;
  // Idle timeout 0: every quiet client counts as idle, so the oldest one goes.
  auto server = ControlServer::Listen(dir.Sock(), 0660, milliseconds(0));
  ASSERT_TRUE(server);
  std::vector<int> held;
  for (std::size_t i = 0; i < kMaxControlClients; ++i) {
    held.push_back(RawConnect(dir.Sock()));
    server->OnReadable(Echo);  // one at a time, so the first has the oldest activity
  }
  int extra = RawConnect(dir.Sock());
  server->OnReadable(Echo);
  EXPECT_EQ(server->counters().idle_closed, 1U);
  EXPECT_EQ(server->counters().rejected_clients, 0U);
  EXPECT_EQ(server->client_count(), kMaxControlClients);
  char byte = 0;
  EXPECT_EQ(::recv(held[0], &byte, 1, 0), 0);  // the oldest was closed
  std::string f = EncodeControlFrame(kRequestCommand, "show new");
  ASSERT_EQ(::send(extra, f.data(), f.size(), 0), static_cast<ssize_t>(f.size()));
  server->OnReadable(Echo);
  EXPECT_EQ(RawReadFrame(extra).second, "you said: show new");
  ::close(extra);
  for (int fd : held) {
    ::close(fd);
  }
}

TEST(ControlSocket, ClosedClientsAreForgotten) {
  TempDir dir;
  auto server = ControlServer::Listen(dir.Sock());
  ASSERT_TRUE(server);
  int fd = RawConnect(dir.Sock());
  server->OnReadable(Echo);
  EXPECT_EQ(server->client_count(), 1U);
  ::close(fd);
  server->OnReadable(Echo);
  EXPECT_EQ(server->client_count(), 0U);
}

}  // namespace
}  // namespace mc::platform
