// `mcast decode`: prints every multicast control packet in a capture, one IOS-debug-style line
// each, or one JSON object per line with --json. Malformed packets are printed with their
// DecodeError. Exit status: 0 when the file was read, 2 on usage or file errors.
#include "apps/mcast/decode.h"

#include <cstdio>
#include <filesystem>

#include "show/packet_describe.h"
#include "sim/pcap_file.h"

namespace mc::app {
namespace {

constexpr const char* kUsage =
    "usage: mcast decode FILE.pcap [--json] [--interface NAME]\n"
    "  Prints IGMP, PIM, MSDP, VRRP and Auto-RP packets one per line (IOS debug style).\n"
    "  --json           one JSON object per packet with every decoded field\n"
    "  --interface NAME interface name to print (default: the file name without .pcap)\n";

}  // namespace

int RunDecode(const std::vector<std::string>& args) {
  std::string path;
  std::string ifname;
  bool json = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--interface" && i + 1 < args.size()) {
      ifname = args[++i];
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (path.empty() && !args[i].starts_with("-")) {
      path = args[i];
    } else {
      std::fprintf(stderr, "mcast decode: unexpected argument '%s'\n%s", args[i].c_str(), kUsage);
      return 2;
    }
  }
  if (path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  Result<sim::PcapReader, std::string> reader = sim::PcapReader::Open(path);
  if (!reader) {
    std::fprintf(stderr, "mcast decode: %s: %s\n", path.c_str(), reader.error().c_str());
    return 2;
  }
  if (ifname.empty()) ifname = std::filesystem::path(path).stem().string();
  show::PacketDescriber describer;
  while (std::optional<sim::CapturedPacket> pkt = reader->Next()) {
    const std::vector<show::PacketLine> lines = pkt->kind == sim::LinkKind::kEthernet
                                                    ? describer.Frame(pkt->bytes, ifname, pkt->time)
                                                    : describer.Ip(pkt->bytes, ifname, pkt->time);
    for (const show::PacketLine& l : lines) {
      const std::string out = json ? l.json.dump() : l.text;
      std::fputs(out.c_str(), stdout);
      std::fputc('\n', stdout);
    }
  }
  return 0;
}

}  // namespace mc::app
