// VRRP, Auto-RP and MSDP lines in the style of IOS debug output:
//   VRRP: Received v3 Advertisement on Vlan1 from 198.18.1.2: group 1, priority 110, interval
//   1000ms, addresses 198.18.1.1 Auto-RP: Received RP-announce on Gi0/0 from 1.1.1.1, RP_cnt 1, ht
//   181: (224.0.0.0/4, RP:1.1.1.1), PIMv2 MSDP: Received SA from 4.4.4.1 (RP 20.20.20.20):
//   (10.30.9.1, 227.0.0.1)
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "show/packet_describe.h"
#include "wire/autorp.h"
#include "wire/msdp.h"
#include "wire/vrrp.h"

namespace mc::show {
namespace {

using nlohmann::json;
using namespace mc::wire;

PacketLine Malformed(PacketLine line, std::string_view proto, const IpMeta& m, DecodeError e) {
  line.json["error"] = ToString(e);
  line.text =
      fmt::format("{}: Malformed packet on {} from {} to {}: {}", proto, m.ifname, m.src, m.dst, e);
  return line;
}

std::string_view PimVersionText(AutoRpPimVersion v) {
  switch (v) {
    case AutoRpPimVersion::kV1:
      return "PIMv1";
    case AutoRpPimVersion::kV2:
      return "PIMv2";
    case AutoRpPimVersion::kV1AndV2:
      return "PIMv1/v2";
    case AutoRpPimVersion::kUnknown:
      break;
  }
  return "PIM?";
}

json SaEntriesJson(const std::vector<MsdpSaEntry>& entries, std::vector<std::string>& text) {
  json a = json::array();
  for (const MsdpSaEntry& e : entries) {
    a.push_back({{"source", e.source.ToString()}, {"group", e.group.ToString()}});
    text.push_back(fmt::format("({}, {})", e.source, e.group));
  }
  return a;
}

struct MsdpRender {
  const IpMeta& m;
  json& j;
  std::string operator()(const MsdpSourceActive& sa) const {
    std::vector<std::string> sgs;
    j["rp"] = sa.rp.ToString();
    j["entries"] = SaEntriesJson(sa.entries, sgs);
    j["data_length"] = sa.data.size();
    return fmt::format(
        "MSDP: Received SA from {} (RP {}): {}{}", m.src, sa.rp, fmt::join(sgs, ", "),
        sa.data.empty() ? "" : fmt::format(" with {}-byte data packet", sa.data.size()));
  }
  std::string operator()(const MsdpSaResponse& sa) const {
    std::vector<std::string> sgs;
    j["rp"] = sa.rp.ToString();
    j["entries"] = SaEntriesJson(sa.entries, sgs);
    return fmt::format("MSDP: Received SA-Response from {} (RP {}): {}", m.src, sa.rp,
                       fmt::join(sgs, ", "));
  }
  std::string operator()(const MsdpSaRequest& r) const {
    j["group"] = r.group.ToString();
    return fmt::format("MSDP: Received SA-Request from {} for {}", m.src, r.group);
  }
  std::string operator()(const MsdpKeepAlive&) const {
    return fmt::format("MSDP: Received Keepalive from {}", m.src);
  }
  std::string operator()(const MsdpNotification& n) const {
    j["open_bit"] = n.open_bit;
    j["error_code"] = n.error_code;
    j["subcode"] = n.subcode;
    return fmt::format("MSDP: Received Notification from {}: error {} subcode {}{}", m.src,
                       n.error_code, n.subcode, n.open_bit ? ", closing" : "");
  }
  std::string operator()(const MsdpUnknownTlv& u) const {
    j["tlv_type"] = u.type;
    j["length"] = u.value.size() + 3;
    return fmt::format("MSDP: Received unknown TLV type {} from {}", u.type, m.src);
  }
};

}  // namespace

PacketLine DescribeVrrp(const IpMeta& meta, std::span<const std::uint8_t> payload) {
  PacketLine line{.json = Envelope(meta, "vrrp")};
  const Result<VrrpAdvertisement, DecodeError> a = DecodeVrrp(payload, meta.src, meta.dst);
  if (!a) return Malformed(std::move(line), "VRRP", meta, a.error());
  json j{{"version", a->version}, {"vrid", a->vrid}, {"priority", a->priority}};
  std::vector<std::string> addrs;
  json aj = json::array();
  for (const Ipv4 x : a->addresses) {
    aj.push_back(x.ToString());
    addrs.push_back(x.ToString());
  }
  j["addresses"] = std::move(aj);
  std::string interval;
  if (a->version == 2) {
    j["advert_interval_s"] = a->advert_interval_s;
    j["auth_type"] = a->auth_type;
    interval = fmt::format("{}s", a->advert_interval_s);
  } else {
    j["max_advert_interval_cs"] = a->max_advert_interval_cs;
    interval = fmt::format("{}ms", a->max_advert_interval_cs * 10);
  }
  line.json["message"] = std::move(j);
  line.text = fmt::format(
      "VRRP: Received v{} Advertisement on {} from {}: group {}, priority {}, interval {}, "
      "addresses {}",
      a->version, meta.ifname, meta.src, a->vrid, a->priority, interval, fmt::join(addrs, " "));
  return line;
}

PacketLine DescribeAutoRp(const IpMeta& meta, std::span<const std::uint8_t> udp_payload) {
  PacketLine line{.json = Envelope(meta, "autorp")};
  const Result<AutoRpMessage, DecodeError> msg = DecodeAutoRp(udp_payload);
  if (!msg) return Malformed(std::move(line), "Auto-RP", meta, msg.error());
  const std::string_view kind = msg->type == AutoRpType::kAnnounce ? "RP-announce" : "RP-discovery";
  json rps = json::array();
  std::vector<std::string> maps;
  for (const AutoRpEntry& e : msg->rps) {
    json groups = json::array();
    for (const AutoRpGroup& g : e.groups) {
      groups.push_back({{"prefix", g.prefix.ToString()}, {"negative", g.negative}});
      maps.push_back(fmt::format("({}{}, RP:{}), {}", g.negative ? "-" : "", g.prefix, e.rp,
                                 PimVersionText(e.pim_version)));
    }
    rps.push_back({{"rp", e.rp.ToString()},
                   {"pim_version", static_cast<int>(e.pim_version)},
                   {"groups", std::move(groups)}});
  }
  line.json["message"] = {{"type", kind}, {"holdtime_s", msg->holdtime_s}, {"rps", std::move(rps)}};
  line.text = fmt::format("Auto-RP: Received {} on {} from {}, RP_cnt {}, ht {}{}{}", kind,
                          meta.ifname, meta.src, msg->rps.size(), msg->holdtime_s,
                          maps.empty() ? "" : ": ", fmt::join(maps, "; "));
  return line;
}

PacketLine DescribeMsdp(const IpMeta& meta, const Result<MsdpMessage, DecodeError>& msg) {
  PacketLine line{.json = Envelope(meta, "msdp")};
  if (!msg) return Malformed(std::move(line), "MSDP", meta, msg.error());
  json body{{"type", MsdpTlvTypeName(MsdpTlvType(*msg))}};
  line.text = std::visit(MsdpRender{meta, body}, *msg);
  line.json["message"] = std::move(body);
  return line;
}

}  // namespace mc::show
