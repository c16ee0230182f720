// mcastd: a Linux multicast router running the mcast engines (DESIGN.md "The daemon").
//
//   mcastd -f FILE [-s|--socket|--control PATH] [--record FILE] [--user-dataplane] [--seed N]
//          [--check]
//
// --record FILE writes the session (router/record.h) for `mcast replay FILE`; --seed N fixes the
// engines' RNG seed (default: derived from the config path).
// FILE is the IOS-style config a lab device reads (src/config), with Linux interface names in
// `interface NAME` blocks. Any error in it is printed as `FILE:LINE: message: 'text'` and the
// exit status is 2 (also for bad options). --check stops after reading the config. The control
// socket (default /run/mcastd/mcastd.sock) answers mcastctl. SIGINT/SIGTERM stop the daemon;
// SIGHUP reads FILE again and applies what changed (an invalid file is reported and ignored).
// Left out: daemonizing (systemd runs it in the foreground).
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "apps/mcastd/daemon.h"
#include "config/apply.h"
#include "platform/linux/control_socket.h"

namespace {

volatile bool g_stop = false;
volatile bool g_reload = false;

void OnSignal(int) { g_stop = true; }
void OnHangup(int) { g_reload = true; }

int Usage(const char* why) {
  std::fprintf(stderr,
               "mcastd: %s\nusage: mcastd -f FILE [-s|--socket PATH] [--record FILE] "
               "[--user-dataplane] [--seed N] [--check]\n",
               why);
  return 2;
}

// The parent directory of the control socket (e.g. /run/mcastd), one level, mode 0755.
void MakeParent(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) {
    return;
  }
  (void)mkdir(path.substr(0, slash).c_str(), 0755);
}

}  // namespace

int main(int argc, char** argv) {
  mc::mcastd::Options o;
  o.control_path = std::string(mc::platform::kDefaultControlSocket);
  bool check = false;
  for (int k = 1; k < argc; ++k) {
    const std::string_view a = argv[k];
    const bool has_value = k + 1 < argc;
    if ((a == "-f" || a == "--config") && has_value) {
      o.config_path = argv[++k];
    } else if ((a == "-s" || a == "--socket" || a == "--control") && has_value) {
      o.control_path = argv[++k];
    } else if (a == "--record" && has_value) {
      o.record_path = argv[++k];
    } else if (a == "--seed" && has_value) {
      o.seed = std::strtoull(argv[++k], nullptr, 0);
    } else if (a == "--user-dataplane") {
      o.user_dataplane = true;
    } else if (a == "--check") {
      check = true;
    } else {
      return Usage(("unknown or incomplete option: " + std::string(a)).c_str());
    }
  }
  if (o.config_path.empty()) {
    return Usage("no config file (-f FILE)");
  }
  std::ifstream in(o.config_path);
  if (!in) {
    std::fprintf(stderr, "mcastd: %s: %s\n", o.config_path.c_str(), std::strerror(errno));
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto cfg = mc::config::LoadConfig(mc::config::DeviceKind::kRouter, text.str(), o.config_path);
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().ToString().c_str());
    return 2;
  }
  if (check) {
    return 0;
  }
  o.config_text = text.str();
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction hup {};
  hup.sa_handler = OnHangup;
  sigaction(SIGHUP, &hup, nullptr);
  signal(SIGPIPE, SIG_IGN);
  MakeParent(o.control_path);
  mc::mcastd::Daemon d(std::move(*cfg), o);
  if (auto r = d.Start(); !r) {
    std::fprintf(stderr, "mcastd: %s\n", r.error().c_str());
    return 1;
  }
  std::fprintf(stderr, "mcastd: running (%s)\n", o.config_path.c_str());
  return d.Run(g_stop, g_reload);
}
