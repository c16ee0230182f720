// mcastctl: the command line of a running mcastd, over its unix control socket
// (platform/linux/control_socket.h). `mcastctl [-s SOCKET] [-t SECONDS] show ip mroute | json`
// sends the words as one command line and prints the daemon's answer. Without command words it
// reads commands from standard input, one per line, with a prompt when that is a terminal.
//
// Exit status: 0 every command succeeded; 1 the daemon rejected a command (its message goes to
// stderr); 2 mcastd could not be reached or did not answer (the message names the socket path);
// 64 a usage error. The daemon decides what a valid command is: mcastctl does not keep a second
// copy of the command table.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "platform/linux/control_socket.h"

namespace {

using mc::platform::ControlClient;
using mc::platform::ControlError;
using mc::platform::ControlResponse;
using mc::platform::ControlStatus;

constexpr int kExitOk = 0;
constexpr int kExitCommand = 1;
constexpr int kExitUnreachable = 2;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "usage: mcastctl [-s SOCKET] [-t SECONDS] [COMMAND...]\n"
    "  COMMAND   a show, clear or debug command of mcastd, e.g.\n"
    "              mcastctl show ip mroute\n"
    "              mcastctl show ip pim neighbor '|' json\n"
    "              mcastctl clear ip mroute '*'\n"
    "              mcastctl debug pim\n"
    "            without COMMAND, commands are read from standard input, one per line\n"
    "  -s SOCKET control socket of mcastd (default $MCASTD_SOCKET or /run/mcastd/mcastd.sock)\n"
    "  -t SECONDS how long to wait for each answer (default 10)\n"
    "  -h        this help;  -V  the version\n"
    "exit status: 0 ok, 1 command rejected by mcastd, 2 mcastd not reachable, 64 usage\n";

struct Options {
  std::string socket;
  std::chrono::milliseconds timeout{10000};
  std::string command;  // empty: read commands from stdin
};

std::optional<std::chrono::milliseconds> ParseSeconds(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !(v > 0) || v > 86400) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(v * 1000));
}

// Parses options up to the first word that is not one; the rest is the command. Returns an
// exit status when mcastctl should stop (help, version, usage error).
std::optional<int> ParseArgs(int argc, char** argv, Options& opt) {
  const char* env = std::getenv("MCASTD_SOCKET");
  opt.socket =
      (env != nullptr && *env != '\0') ? env : std::string(mc::platform::kDefaultControlSocket);
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if (a == "-V" || a == "--version") {
      std::printf("mcastctl %s\n", MC_VERSION);
      return kExitOk;
    }
    if (a == "-s" || a == "--socket" || a == "-t" || a == "--timeout") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mcastctl: %s needs a value\n%s", a.c_str(), kUsage);
        return kExitUsage;
      }
      std::string v = argv[++i];
      if (a == "-s" || a == "--socket") {
        opt.socket = v;
      } else if (auto t = ParseSeconds(v)) {
        opt.timeout = *t;
      } else {
        std::fprintf(stderr, "mcastctl: -t needs a number of seconds, not '%s'\n", v.c_str());
        return kExitUsage;
      }
      continue;
    }
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "mcastctl: unknown option '%s'\n%s", a.c_str(), kUsage);
      return kExitUsage;
    }
    break;
  }
  for (; i < argc; ++i) {
    if (!opt.command.empty()) {
      opt.command += ' ';
    }
    opt.command += argv[i];
  }
  return std::nullopt;
}

void PrintText(std::FILE* f, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), f);
  if (!text.empty() && text.back() != '\n') {
    std::fputc('\n', f);
  }
  std::fflush(f);
}

// Prints a response; returns its exit status.
int Report(const ControlResponse& r) {
  if (r.status == ControlStatus::kOk) {
    PrintText(stdout, r.text);
    return kExitOk;
  }
  PrintText(stderr, r.text.empty() ? std::string("% mcastd rejected the command") : r.text);
  return kExitCommand;
}

int Unreachable(const ControlError& e) {
  std::fprintf(stderr, "mcastctl: %s\n", e.message.c_str());
  return kExitUnreachable;
}

int RunOne(const Options& opt) {
  auto r = mc::platform::ControlRequest(opt.socket, opt.command, opt.timeout);
  if (!r) {
    return Unreachable(r.error());
  }
  return Report(*r);
}

std::string Trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) {
    return {};
  }
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// One connection for the whole session; reconnects once when the daemon closed it (idle
// timeout, restart). Returns the worst status seen.
int RunSession(const Options& opt) {
  bool tty = ::isatty(STDIN_FILENO) != 0;
  std::optional<ControlClient> client;
  int worst = kExitOk;
  std::string line;
  for (;;) {
    if (tty) {
      std::fputs("mcastd# ", stdout);
      std::fflush(stdout);
    }
    if (!std::getline(std::cin, line)) {
      break;
    }
    std::string cmd = Trim(line);
    if (cmd.empty() || cmd[0] == '!' || cmd[0] == '#') {
      continue;
    }
    if (cmd == "exit" || cmd == "quit" || cmd == "end") {
      break;
    }
    std::optional<ControlError> failure;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!client) {
        auto c = ControlClient::Connect(opt.socket, opt.timeout);
        if (!c) {
          failure = c.error();
          break;
        }
        client.emplace(std::move(*c));
      }
      auto r = client->Request(cmd, opt.timeout);
      if (r) {
        failure.reset();
        worst = std::max(worst, Report(*r));
        break;
      }
      failure = r.error();
      client.reset();
    }
    if (failure) {
      worst = std::max(worst, Unreachable(*failure));
      if (!tty) {
        break;  // a script gets no further answers either
      }
    }
  }
  if (tty) {
    std::fputc('\n', stdout);
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (auto stop = ParseArgs(argc, argv, opt)) {
    return *stop;
  }
  return opt.command.empty() ? RunSession(opt) : RunOne(opt);
}
