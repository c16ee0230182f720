// Every non-IGMP, non-PIM encoder for the tshark conformance test: VRRP v2 (RFC 3768) and v3
// (RFC 5798), Cisco Auto-RP announce and discovery, MSDP TLVs (RFC 3618 §12) in TCP segments,
// VXLAN (RFC 7348) with inner frames, ARP (RFC 826) including VRRP's gratuitous ARP, ICMP echo
// (RFC 792), plain UDP data, a DVMRP probe (IGMP type 0x13), an OSPF Hello with the MC bit
// (RFC 2328 §A.3.2, RFC 1584) and 802.1Q-tagged frames.
// TCP is not one of our codecs (the daemon leaves it to the kernel, the emulator to a stream
// model), so MsdpTcp below builds a minimal TCP header with a correct checksum, test-side.
// Repeated keys (see cases_pim.cc): a VXLAN frame's inner eth/ip/udp layers hide the outer
// ones, so the VXLAN cases check inner fields plus the unique vxlan ones.
#include <cstdint>
#include <optional>
#include <span>

#include "tests/tshark/cases.h"
#include "tests/tshark/frames.h"
#include "wire/autorp.h"
#include "wire/checksum.h"
#include "wire/igmp.h"
#include "wire/msdp.h"
#include "wire/ospf.h"
#include "wire/vrrp.h"
#include "wire/vxlan.h"

namespace mc::testing {

using namespace mc::wire;

namespace {

const Mac kMacA{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
const Mac kMacB{{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};

Bytes EthFrame(Mac dst, Mac src, std::uint16_t ethertype, std::span<const std::uint8_t> payload,
               std::optional<VlanTag> vlan = std::nullopt) {
  return *BuildEthernet({.dst = dst, .src = src, .vlan = vlan, .ethertype = ethertype}, payload);
}

Bytes Udp(Ipv4 src, Ipv4 dst, std::uint16_t sport, std::uint16_t dport,
          std::span<const std::uint8_t> payload) {
  return *BuildUdp({.src_port = sport, .dst_port = dport, .payload = payload}, src, dst);
}

// --- VRRP ----------------------------------------------------------------------------------

// RFC 5798 §5.1.1.1 / §7.3: sent from the virtual router MAC, to 224.0.0.18 with TTL 255.
Case Vrrp(std::string name, Ipv4 src, const VrrpAdvertisement& a, std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(VrrpPacket{.src = src, .dst = kVrrpGroup, .advert = a});
  const Bytes ip = *BuildIpv4(
      {.tos = 0xc0, .ttl = kVrrpTtl, .protocol = kProtoVrrp, .src = src, .dst = kVrrpGroup},
      payload);
  return {std::move(name), "vrrp",
          EthFrame(Mac::ForGroup(kVrrpGroup), Mac::VrrpVirtual(a.vrid), kEtherTypeIpv4, ip),
          std::move(f)};
}

void AddVrrp(std::vector<Case>& v) {
  const Ipv4 master{10, 1, 3, 10};
  v.push_back(Vrrp("vrrp v2 advertisement", master,
                   {.version = 2, .vrid = 1, .priority = 100, .addresses = {Ipv4{10, 1, 3, 1}}},
                   {{"vrrp.version", "2"},
                    {"vrrp.type", "1"},
                    {"vrrp.virt_rtr_id", "1"},
                    {"vrrp.prio", "100"},
                    {"vrrp.addr_count", "1"},
                    {"vrrp.auth_type", "0"},
                    {"vrrp.adver_int", "1"},
                    {"vrrp.ip_addr", "10.1.3.1"}}));
  v.push_back(Vrrp("vrrp v2 owner, three addresses", master,
                   {.version = 2,
                    .vrid = 7,
                    .priority = 255,
                    .addresses = {Ipv4{10, 1, 3, 10}, Ipv4{10, 1, 4, 10}, Ipv4{10, 1, 5, 10}},
                    .advert_interval_s = 3},
                   {{"vrrp.virt_rtr_id", "7"},
                    {"vrrp.prio", "255"},
                    {"vrrp.addr_count", "3"},
                    {"vrrp.adver_int", "3"},
                    {"vrrp.ip_addr", "10.1.5.10"}}));
  v.push_back(Vrrp("vrrp v2 master leaving (priority 0)", master,
                   {.version = 2, .vrid = 1, .priority = 0, .addresses = {Ipv4{10, 1, 3, 1}}},
                   {{"vrrp.prio", "0"}}));
  // RFC 3768 §5.3.6 reserves Auth Types 1 and 2; the codec still carries them for RFC 2338
  // peers, with the data verbatim.
  v.push_back(Vrrp("vrrp v2 with RFC 2338 simple text authentication", master,
                   {.version = 2,
                    .vrid = 2,
                    .priority = 150,
                    .addresses = {Ipv4{10, 1, 3, 5}},
                    .auth_type = 1,
                    .auth_data = {'s', 'e', 'c', 'r', 'e', 't', 0, 0}},
                   {{"vrrp.auth_type", "1"}, {"vrrp.auth_string", "secret"}}));
  v.push_back(Vrrp("vrrp v3 advertisement", master,
                   {.version = 3,
                    .vrid = 10,
                    .priority = 200,
                    .addresses = {Ipv4{10, 1, 3, 1}, Ipv4{10, 1, 3, 2}},
                    .max_advert_interval_cs = 100},
                   {{"vrrp.version", "3"},
                    {"vrrp.type", "1"},
                    {"vrrp.virt_rtr_id", "10"},
                    {"vrrp.prio", "200"},
                    {"vrrp.addr_count", "2"},
                    {"vrrp.short_adver_int", "100"},
                    {"vrrp.ip_addr", "10.1.3.2"}}));
  v.push_back(Vrrp("vrrp v3 sub-second, largest interval field", master,
                   {.version = 3,
                    .vrid = 255,
                    .priority = 1,
                    .addresses = {Ipv4{10, 1, 3, 1}},
                    .max_advert_interval_cs = kVrrpMaxAdvertIntervalMax},
                   {{"vrrp.virt_rtr_id", "255"}, {"vrrp.short_adver_int", "4095"}}));
}

// --- Auto-RP -------------------------------------------------------------------------------

// Cisco sends both on UDP port 496 with the TTL of the configured scope.
Case AutoRp(std::string name, Ipv4 src, Ipv4 dst, const AutoRpMessage& m, std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(m);
  const Bytes udp = Udp(src, dst, kAutoRpPort, kAutoRpPort, payload);
  const Ipv4Header h{.tos = 0xc0, .ttl = 16, .protocol = kProtoUdp, .src = src, .dst = dst};
  return {std::move(name), "auto_rp", IpFrame(h, udp), std::move(f)};
}

void AddAutoRp(std::vector<Case>& v) {
  const Ipv4 rp{10, 0, 0, 1};
  v.push_back(AutoRp(
      "auto-rp announce", rp, kCiscoRpAnnounce,
      {.type = AutoRpType::kAnnounce,
       .holdtime_s = 181,
       .rps = {{.rp = rp,
                .pim_version = AutoRpPimVersion::kV2,
                .groups = {{.prefix = Prefix::Make(Ipv4{239, 0, 0, 0}, 8)},
                           {.negative = true, .prefix = Prefix::Make(Ipv4{239, 255, 0, 0}, 16)}}}}},
      {{"auto_rp.version", "1"},
       {"auto_rp.type", "1"},
       {"auto_rp.rp_count", "1"},
       {"auto_rp.holdtime", "181"},
       {"auto_rp.rp_addr", "10.0.0.1"},
       {"auto_rp.pim_ver", "2"},
       {"auto_rp.group_num", "2"},
       {"auto_rp.group_prefix", "239.0.0.0"},
       {"auto_rp.group_prefix", "239.255.0.0"},
       {"auto_rp.mask_len", "16"},
       {"auto_rp.prefix_sign", "1"}}));
  v.push_back(AutoRp("auto-rp discovery, two RPs", Ipv4{10, 0, 0, 9}, kCiscoRpDiscovery,
                     {.type = AutoRpType::kDiscovery,
                      .holdtime_s = 181,
                      .rps = {{.rp = rp,
                               .pim_version = AutoRpPimVersion::kV1AndV2,
                               .groups = {{.prefix = Prefix::Make(Ipv4{224, 0, 0, 0}, 4)}}},
                              {.rp = Ipv4{10, 0, 0, 2},
                               .pim_version = AutoRpPimVersion::kV2,
                               .groups = {{.prefix = Prefix::Make(Ipv4{239, 1, 0, 0}, 16)},
                                          {.prefix = Prefix::Make(Ipv4{239, 2, 0, 0}, 16)}}}}},
                     {{"auto_rp.type", "2"},
                      {"auto_rp.rp_count", "2"},
                      {"auto_rp.rp_addr", "10.0.0.1"},
                      {"auto_rp.rp_addr", "10.0.0.2"},
                      {"auto_rp.pim_ver", "3"},
                      {"auto_rp.group_prefix", "224.0.0.0"},
                      {"auto_rp.mask_len", "4"},
                      {"auto_rp.group_prefix", "239.2.0.0"}}));
  v.push_back(AutoRp("auto-rp discovery, no RPs (never expires)", Ipv4{10, 0, 0, 9},
                     kCiscoRpDiscovery, {.type = AutoRpType::kDiscovery, .holdtime_s = 0},
                     {{"auto_rp.rp_count", "0"}, {"auto_rp.holdtime", "0"}}));
}

// --- MSDP over TCP -------------------------------------------------------------------------

// One MSDP TCP connection (RFC 3618: the peer with the lower address connects to port 639),
// with each TLV in its own PSH/ACK segment and contiguous sequence numbers both ways, so that
// tshark's TCP analysis sees a clean stream.
class MsdpTcp {
 public:
  MsdpTcp(Ipv4 client, Ipv4 server) : client_(client), server_(server) {}

  Case Send(bool from_client, std::string name, const MsdpMessage& m, std::vector<Field> f) {
    return Send(from_client, std::move(name), std::vector<MsdpMessage>{m}, std::move(f));
  }

  // Several TLVs back to back in one segment, as a sender's TCP coalesces them.
  Case Send(bool from_client, std::string name, const std::vector<MsdpMessage>& ms,
            std::vector<Field> f) {
    Bytes tlv;
    for (const MsdpMessage& m : ms) {
      const Bytes one = *EncodeToBytes(m);
      tlv.insert(tlv.end(), one.begin(), one.end());
    }
    const Ipv4 src = from_client ? client_ : server_;
    const Ipv4 dst = from_client ? server_ : client_;
    std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
    const std::uint32_t ack = from_client ? server_seq_ : client_seq_;
    const Bytes tcp = Segment(src, dst, from_client ? kClientPort : kMsdpPort,
                              from_client ? kMsdpPort : kClientPort, seq, ack, tlv);
    seq += static_cast<std::uint32_t>(tlv.size());
    const Bytes ip = *BuildIpv4({.tos = 0xc0,
                                 .dont_fragment = true,
                                 .ttl = 255,
                                 .protocol = kProtoTcp,
                                 .src = src,
                                 .dst = dst},
                                tcp);
    return {std::move(name), "msdp",
            EthFrame(from_client ? kMacB : kMacA, from_client ? kMacA : kMacB, kEtherTypeIpv4, ip),
            std::move(f)};
  }

 private:
  static constexpr std::uint16_t kClientPort = 50123;
  static constexpr std::uint8_t kFlagsPshAck = 0x18;

  // RFC 9293 §3.1: 20-octet header (Data Offset 5), checksum over the RFC 768-style
  // pseudo-header with protocol 6 and the TCP length.
  static Bytes Segment(Ipv4 src, Ipv4 dst, std::uint16_t sport, std::uint16_t dport,
                       std::uint32_t seq, std::uint32_t ack, std::span<const std::uint8_t> data) {
    Bytes out(20 + data.size());
    ByteWriter w{out};
    w.U16(sport);
    w.U16(dport);
    w.U32(seq);
    w.U32(ack);
    w.U8(5 << 4);
    w.U8(kFlagsPshAck);
    w.U16(64240);  // window
    w.U16(0);      // checksum, patched below
    w.U16(0);      // urgent pointer
    w.Raw(data);
    ChecksumAccumulator acc;
    AddPseudoHeader(acc, src, dst, kProtoTcp, static_cast<std::uint16_t>(out.size()));
    acc.Add(w.written());
    w.PatchU16(16, acc.Finish());
    return out;
  }

  Ipv4 client_;
  Ipv4 server_;
  std::uint32_t client_seq_ = 0x10000000;
  std::uint32_t server_seq_ = 0x20000000;
};

void AddMsdp(std::vector<Case>& v) {
  MsdpTcp conn{Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}};
  const Ipv4 s{10, 99, 1, 10};
  v.push_back(conn.Send(true, "msdp keepalive", MsdpKeepAlive{},
                        {{"msdp.type", "4"}, {"msdp.length", "3"}}));
  v.push_back(conn.Send(false, "msdp keepalive back", MsdpKeepAlive{}, {{"msdp.type", "4"}}));
  v.push_back(conn.Send(true, "msdp source-active, three entries",
                        MsdpSourceActive{.rp = Ipv4{10, 0, 0, 1},
                                         .entries = {{Ipv4{239, 1, 1, 1}, s},
                                                     {Ipv4{239, 1, 1, 2}, s},
                                                     {Ipv4{239, 2, 2, 2}, Ipv4{10, 99, 2, 20}}}},
                        {{"msdp.type", "1"},
                         {"msdp.length", "44"},
                         {"msdp.sa.entry_count", "3"},
                         {"msdp.sa.rp_addr", "10.0.0.1"},
                         {"msdp.sa.sprefix_len", "32"},
                         {"msdp.sa.group_addr", "239.1.1.1"},
                         {"msdp.sa.group_addr", "239.2.2.2"},
                         {"msdp.sa.src_addr", "10.99.2.20"}}));
  // RFC 3618 §14: an SA may carry the first data packet after its entries.
  const Bytes data{'d', 'a', 't', 'a'};
  const Bytes packet =
      *BuildIpv4({.ttl = 62, .protocol = kProtoUdp, .src = s, .dst = Ipv4{239, 1, 1, 1}},
                 Udp(s, Ipv4{239, 1, 1, 1}, 40000, 5001, data));
  v.push_back(
      conn.Send(true, "msdp source-active with encapsulated data",
                MsdpSourceActive{
                    .rp = Ipv4{10, 0, 0, 1}, .entries = {{Ipv4{239, 1, 1, 1}, s}}, .data = packet},
                {{"msdp.sa.entry_count", "1"},
                 {"msdp.sa.group_addr", "239.1.1.1"},
                 {"msdp.sa.src_addr", "10.99.1.10"},
                 {"ip.dst", "239.1.1.1"},
                 {"udp.dstport", "5001"}}));
  v.push_back(conn.Send(false, "msdp sa request", MsdpSaRequest{.group = Ipv4{239, 1, 1, 1}},
                        {{"msdp.type", "2"}, {"msdp.sa_req.group_addr", "239.1.1.1"}}));
  v.push_back(conn.Send(true, "msdp sa response",
                        MsdpSaResponse{.rp = Ipv4{10, 0, 0, 1},
                                       .entries = {{Ipv4{239, 1, 1, 1}, s},
                                                   {Ipv4{239, 1, 1, 1}, Ipv4{10, 99, 3, 30}}}},
                        {{"msdp.type", "3"},
                         {"msdp.sa.entry_count", "2"},
                         {"msdp.sa.rp_addr", "10.0.0.1"},
                         {"msdp.sa.src_addr", "10.99.3.30"}}));
  // Only the last TLV's fields are checked: tshark repeats the "msdp" layer key, and the
  // test's JSON parser keeps the last of duplicate keys.
  v.push_back(conn.Send(
      false, "msdp sa request and keepalive in one segment",
      std::vector<MsdpMessage>{MsdpSaRequest{.group = Ipv4{239, 9, 9, 9}}, MsdpKeepAlive{}},
      {{"msdp.type", "4"}, {"tcp.len", "11"}}));
  v.push_back(
      conn.Send(false, "msdp notification, hold timer expired",
                MsdpNotification{.open_bit = false, .error_code = kMsdpErrorHoldTimerExpired},
                {{"msdp.type", "5"},
                 {"msdp.not.o", "0x00"},
                 {"msdp.not.error", "4"},
                 {"msdp.not.error_sub", "0"}}));
  v.push_back(conn.Send(true, "msdp notification, cease, O bit",
                        MsdpNotification{.open_bit = true, .error_code = kMsdpErrorCease},
                        {{"msdp.type", "5"}, {"msdp.not.o", "0x01"}, {"msdp.not.error", "7"}}));
}

// --- VXLAN ---------------------------------------------------------------------------------

// RFC 7348 §5: outer UDP to 4789 from a source port hashed over the inner frame (any
// ephemeral value here). The checksum is filled: §5 allows it, and tshark checks it.
Case Vxlan(std::string name, Ipv4 vtep, Ipv4 dst, std::uint32_t vni, const Bytes& inner,
           std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(VxlanPacket{.vni = vni, .inner_frame = inner});
  const Bytes udp = Udp(vtep, dst, 49655, kVxlanPort, payload);
  return {std::move(name), "vxlan",
          IpFrame({.ttl = 64, .protocol = kProtoUdp, .src = vtep, .dst = dst}, udp), std::move(f)};
}

void AddVxlan(std::vector<Case>& v) {
  const Ipv4 vtep1{192, 168, 0, 1};
  const Ipv4 vtep2{192, 168, 0, 2};
  const Mac host_mac{{0x02, 0x00, 0x00, 0x00, 0x10, 0x01}};
  const Bytes arp = *EncodeToBytes(Arp{.op = ArpOp::kRequest,
                                       .sender_mac = host_mac,
                                       .sender_ip = Ipv4{172, 16, 1, 1},
                                       .target_ip = Ipv4{172, 16, 1, 2}});
  v.push_back(Vxlan("vxlan, ARP request to the underlay group", vtep1, Ipv4{239, 100, 0, 1}, 10100,
                    EthFrame(Mac::Broadcast(), host_mac, kEtherTypeArp, arp),
                    {{"vxlan.vni", "10100"},
                     {"vxlan.flag_i", "1"},
                     {"udp.dstport", "4789"},
                     {"arp.src.proto_ipv4", "172.16.1.1"},
                     {"arp.dst.proto_ipv4", "172.16.1.2"}}));
  const Ipv4 src{172, 16, 1, 1};
  const Ipv4 g{239, 5, 5, 5};
  const Bytes data{'v', 'x', 'l', 'a', 'n'};
  const Bytes inner_ip = *BuildIpv4({.ttl = 8, .protocol = kProtoUdp, .src = src, .dst = g},
                                    Udp(src, g, 40000, 5001, data));
  v.push_back(Vxlan(
      "vxlan, multicast data by ingress replication", vtep1, vtep2, kVxlanVniMax,
      EthFrame(Mac::ForGroup(g), host_mac, kEtherTypeIpv4, inner_ip),
      {{"vxlan.vni", "16777215"}, {"eth.dst", "01:00:5e:05:05:05"}, {"ip.dst", "239.5.5.5"}}));
}

// --- ARP, ICMP, UDP ------------------------------------------------------------------------

Case ArpCase(std::string name, Mac dst, const Arp& a, std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(a);
  return {std::move(name), "arp", EthFrame(dst, a.sender_mac, kEtherTypeArp, payload),
          std::move(f)};
}

void AddArp(std::vector<Case>& v) {
  v.push_back(ArpCase("arp request", Mac::Broadcast(),
                      {.op = ArpOp::kRequest,
                       .sender_mac = kMacA,
                       .sender_ip = Ipv4{10, 1, 3, 10},
                       .target_ip = Ipv4{10, 1, 3, 2}},
                      {{"arp.opcode", "1"},
                       {"arp.src.hw_mac", "02:00:00:00:00:01"},
                       {"arp.src.proto_ipv4", "10.1.3.10"},
                       {"arp.dst.hw_mac", "00:00:00:00:00:00"},
                       {"arp.dst.proto_ipv4", "10.1.3.2"}}));
  v.push_back(ArpCase("arp reply", kMacA,
                      {.op = ArpOp::kReply,
                       .sender_mac = kMacB,
                       .sender_ip = Ipv4{10, 1, 3, 2},
                       .target_mac = kMacA,
                       .target_ip = Ipv4{10, 1, 3, 10}},
                      {{"arp.opcode", "2"},
                       {"arp.src.hw_mac", "02:00:00:00:00:02"},
                       {"arp.dst.hw_mac", "02:00:00:00:00:01"}}));
  // RFC 5798 §6.4.2: the new master announces each virtual address from the virtual MAC.
  v.push_back(ArpCase("gratuitous arp (VRRP takeover)", Mac::Broadcast(),
                      {.op = ArpOp::kRequest,
                       .sender_mac = Mac::VrrpVirtual(1),
                       .sender_ip = Ipv4{10, 1, 3, 1},
                       .target_mac = Mac::Broadcast(),
                       .target_ip = Ipv4{10, 1, 3, 1}},
                      {{"arp.isgratuitous", "1"},
                       {"arp.src.hw_mac", "00:00:5e:00:01:01"},
                       {"arp.src.proto_ipv4", "10.1.3.1"},
                       {"arp.dst.proto_ipv4", "10.1.3.1"}}));
}

Case Icmp(std::string name, Ipv4 src, Ipv4 dst, const IcmpEcho& e, std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(e);
  return {std::move(name), "icmp",
          IpFrame({.ttl = 64, .protocol = kProtoIcmp, .src = src, .dst = dst}, payload),
          std::move(f)};
}

void AddIcmpAndUdp(std::vector<Case>& v) {
  const Ipv4 s{10, 99, 1, 10};
  const Ipv4 receiver{10, 1, 3, 2};
  const Bytes ping_data(32, 0x61);
  // Multicast ping: the request goes to the group, each member answers from its own address.
  v.push_back(
      Icmp("icmp echo request to a group", s, Ipv4{239, 1, 1, 1},
           {.reply = false, .identifier = 0x4d43, .sequence = 1, .data = ping_data},
           {{"icmp.type", "8"}, {"icmp.code", "0"}, {"icmp.ident", "19779"}, {"icmp.seq", "1"}}));
  v.push_back(Icmp("icmp echo reply", receiver, s,
                   {.reply = true, .identifier = 0x4d43, .sequence = 1, .data = ping_data},
                   {{"icmp.type", "0"}, {"icmp.ident", "19779"}, {"icmp.seq", "1"}}));
  const Bytes data(100, 0x42);
  v.push_back({"udp multicast data",
               "udp",
               IpFrame({.ttl = 64, .protocol = kProtoUdp, .src = s, .dst = Ipv4{239, 1, 1, 1}},
                       Udp(s, Ipv4{239, 1, 1, 1}, 40000, 5001, data)),
               {{"udp.srcport", "40000"},
                {"udp.dstport", "5001"},
                {"udp.length", "108"},
                {"ip.dst", "239.1.1.1"}}});
}

// --- DVMRP, OSPF, 802.1Q -------------------------------------------------------------------

void AddRouterDiscovery(std::vector<Case>& v) {
  // draft-ietf-idmr-dvmrp-v3: a Probe carries the Generation ID and the neighbors heard.
  // wire/igmp.h writes the 16 bits before the versions as zero; tshark (like mrouted) reads
  // the low octet of them as Capabilities, so this probe advertises none. Fine for a codec
  // that only recognises DVMRP routers; a decoded mrouted probe loses its capabilities.
  Bytes probe_body(12);
  ByteWriter pw{probe_body};
  pw.U32(0x1234);              // Generation ID
  pw.Addr(Ipv4{10, 1, 4, 2});  // Neighbor Address 1
  pw.Addr(Ipv4{10, 1, 4, 3});  // Neighbor Address 2
  const Bytes dvmrp = *EncodeToBytes(IgmpMessage{DvmrpMessage{.code = 1, .body = probe_body}});
  v.push_back({"dvmrp probe",
               "dvmrp",
               IpFrame({.tos = 0xc0,
                        .ttl = 1,
                        .protocol = kProtoIgmp,
                        .src = Ipv4{10, 1, 4, 1},
                        .dst = kAllDvmrpRouters},
                       dvmrp),
               {{"dvmrp.version", "3"},
                {"dvmrp.v3.code", "0x01"},
                {"dvmrp.min_ver", "0xff"},
                {"dvmrp.maj_ver", "0x03"},
                {"dvmrp.genid", "4660"},
                {"dvmrp.neighbor", "10.1.4.3"}}});

  // RFC 2328 §A.3.2 Hello body with Options E and MC (RFC 1584: a MOSPF router).
  // tshark 4.0 only appends "[correct]" or "[incorrect]" to the OSPF checksum (no status
  // field, no expert info), so a bad one would pass here; ospf_test.cc's golden vectors cover it.
  Bytes hello(24);
  ByteWriter hw{hello};
  hw.Addr(Ipv4{255, 255, 255, 0});                                 // Network Mask
  hw.U16(10);                                                      // HelloInterval
  hw.U8(static_cast<std::uint8_t>(kOspfOptionE | kOspfOptionMc));  // Options
  hw.U8(1);                                                        // Rtr Pri
  hw.U32(40);                                                      // RouterDeadInterval
  hw.Addr(Ipv4{10, 1, 2, 1});                                      // Designated Router
  hw.Addr(Ipv4{});                                                 // Backup Designated Router
  hw.Addr(Ipv4{10, 0, 0, 12});                                     // Neighbor
  const Bytes ospf = *EncodeToBytes(OspfPacket{.type = OspfType::kHello,
                                               .router_id = Ipv4{10, 0, 0, 11},
                                               .area_id = Ipv4{0, 0, 0, 0},
                                               .body = hello});
  v.push_back({"ospf hello (MOSPF)",
               "ospf",
               IpFrame({.tos = 0xc0,
                        .ttl = 1,
                        .protocol = kProtoOspf,
                        .src = Ipv4{10, 1, 2, 1},
                        .dst = kAllOspfRouters},
                       ospf),
               {{"ospf.version", "2"},
                {"ospf.msg", "1"},
                {"ospf.srcrouter", "10.0.0.11"},
                {"ospf.area_id", "0.0.0.0"},
                {"ospf.hello.network_mask", "255.255.255.0"},
                {"ospf.hello.hello_interval", "10"},
                {"ospf.hello.router_dead_interval", "40"},
                {"ospf.hello.designated_router", "10.1.2.1"},
                {"ospf.hello.active_neighbor", "10.0.0.12"},
                {"ospf.v2.options.mc", "1"},
                {"ospf.v2.options.e", "1"}}});

  // An IGMPv2 report and a UDP stream on 802.1Q trunks.
  const Ipv4 g{239, 1, 1, 1};
  const Bytes report = *EncodeToBytes(IgmpMessage{IgmpV2Report{g}});
  v.push_back({"802.1Q-tagged IGMP report",
               "vlan",
               IpFrame({.tos = 0xc0,
                        .ttl = 1,
                        .protocol = kProtoIgmp,
                        .src = Ipv4{10, 1, 3, 2},
                        .dst = g,
                        .router_alert = true},
                       report, VlanTag{.pcp = 6, .vid = 100}),
               {{"vlan.id", "100"},
                {"vlan.priority", "6"},
                {"vlan.dei", "0"},
                {"vlan.etype", "0x0800"},
                {"igmp.maddr", "239.1.1.1"}}});
  const Ipv4 s{10, 99, 1, 10};
  const Bytes data(20, 0x55);
  v.push_back({"802.1Q-tagged UDP data, DEI set",
               "vlan",
               IpFrame({.ttl = 63, .protocol = kProtoUdp, .src = s, .dst = g},
                       Udp(s, g, 40000, 5001, data), VlanTag{.pcp = 0, .dei = true, .vid = 4094}),
               {{"vlan.id", "4094"}, {"vlan.dei", "1"}, {"udp.dstport", "5001"}}});
}

}  // namespace

std::vector<Case> OtherCases() {
  std::vector<Case> v;
  AddVrrp(v);
  AddAutoRp(v);
  AddMsdp(v);
  AddVxlan(v);
  AddArp(v);
  AddIcmpAndUdp(v);
  AddRouterDiscovery(v);
  return v;
}

}  // namespace mc::testing
