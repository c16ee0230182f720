// bench/netns/mrt_add_mfc_loop.cc: the kernel's own ceiling for the join-storm benchmark
// (issue 7): how many (S,G) entries per second a bare MRT_ADD_MFC loop installs into the
// kernel MFC (ip(7)-style multicast routing API, linux/mroute.h) on this machine, with no
// protocol work at all. Run inside a test namespace (mcastd_join_storm.sh does) with two
// interfaces: VIF 0 is the incoming interface, VIF 1 the outgoing one.
//
//   mrt_add_mfc_loop IIF OIF COUNT
// Prints "raw MRT_ADD_MFC: N entries in S s = R entries/s", or, on a kernel built without
// CONFIG_IP_MROUTE (MRT_INIT fails), "raw MRT_ADD_MFC: unavailable on this kernel (...)" and
// exits 3. The entries are (10.1.x.y, 232.x.y.z), removed again by MRT_DONE at exit.
// Built by the benchmark script with the system compiler (not part of the CMake build).
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// After netinet/in.h: linux/mroute.h pulls linux/in.h, whose structs netinet/in.h would redefine.
#include <linux/mroute.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool AddVif(int fd, vifi_t vifi, const char* name) {
  vifctl v{};
  v.vifc_vifi = vifi;
  v.vifc_flags = VIFF_USE_IFINDEX;
  v.vifc_threshold = 1;
  v.vifc_lcl_ifindex = static_cast<int>(if_nametoindex(name));
  if (v.vifc_lcl_ifindex == 0 || setsockopt(fd, IPPROTO_IP, MRT_ADD_VIF, &v, sizeof(v)) != 0) {
    std::fprintf(stderr, "MRT_ADD_VIF %s: %s\n", name, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: mrt_add_mfc_loop IIF OIF COUNT\n");
    return 2;
  }
  const long count = std::strtol(argv[3], nullptr, 10);
  const int fd = socket(AF_INET, SOCK_RAW, IPPROTO_IGMP);
  if (fd < 0) {
    std::fprintf(stderr, "raw IGMP socket: %s\n", std::strerror(errno));
    return 2;
  }
  const int one = 1;
  if (setsockopt(fd, IPPROTO_IP, MRT_INIT, &one, sizeof(one)) != 0) {
    std::printf("raw MRT_ADD_MFC: unavailable on this kernel (MRT_INIT: %s; no CONFIG_IP_MROUTE)\n",
                std::strerror(errno));
    return 3;
  }
  if (!AddVif(fd, 0, argv[1]) || !AddVif(fd, 1, argv[2])) {
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  long added = 0;
  for (long k = 0; k < count; ++k) {
    mfcctl m{};
    m.mfcc_origin.s_addr = htonl(0x0A010000u | static_cast<std::uint32_t>(k % 65536));
    m.mfcc_mcastgrp.s_addr = htonl(0xE8000000u | static_cast<std::uint32_t>(k / 65536 + 1));
    m.mfcc_parent = 0;
    m.mfcc_ttls[1] = 1;
    if (setsockopt(fd, IPPROTO_IP, MRT_ADD_MFC, &m, sizeof(m)) == 0) {
      ++added;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("raw MRT_ADD_MFC: %ld entries in %.6f s = %.0f entries/s\n", added, s, added / s);
  (void)setsockopt(fd, IPPROTO_IP, MRT_DONE, &one, sizeof(one));
  close(fd);
  return added == count ? 0 : 1;
}
