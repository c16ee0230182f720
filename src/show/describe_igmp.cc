// IGMP lines in the style of IOS `debug ip igmp`:
//   IGMP: Received v2 Report on Vlan3 from 10.1.3.2 for 239.1.1.1
//   IGMP: Received Leave from 10.1.4.1 (Vlan30) for 239.1.1.1
#include <fmt/format.h>

#include "show/packet_describe.h"
#include "wire/igmp.h"

namespace mc::show {
namespace {

using nlohmann::json;
using namespace mc::wire;

json SourcesJson(const std::vector<Ipv4>& sources) {
  json a = json::array();
  for (const Ipv4 s : sources) a.push_back(s.ToString());
  return a;
}

std::string SourcesText(const std::vector<Ipv4>& sources) {
  std::string s = "{";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) s += ", ";
    s += sources[i].ToString();
  }
  return s + "}";
}

struct Render {
  const IpMeta& m;
  json& j;
  std::string operator()(const IgmpQuery& q) const {
    const int v = static_cast<int>(q.version);
    j["type"] = "query";
    j["version"] = v;
    j["max_resp_code"] = q.max_resp_code;
    j["max_resp_time_ms"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(MaxRespTime(q.max_resp_code)).count();
    j["group"] = q.group.ToString();
    std::string text = fmt::format("IGMP: Received v{} Query on {} from {}", v, m.ifname, m.src);
    if (q.version == IgmpVersion::kV3) {
      j["s_flag"] = q.suppress_router_side;
      j["qrv"] = q.qrv;
      j["qqic"] = q.qqic;
      j["sources"] = SourcesJson(q.sources);
    }
    if (!q.IsGeneral()) text += fmt::format(" for {}", q.group);
    if (!q.sources.empty()) text += " " + SourcesText(q.sources);
    return text;
  }
  std::string operator()(const IgmpV1Report& r) const {
    j["type"] = "report";
    j["version"] = 1;
    j["group"] = r.group.ToString();
    return fmt::format("IGMP: Received v1 Report on {} from {} for {}", m.ifname, m.src, r.group);
  }
  std::string operator()(const IgmpV2Report& r) const {
    j["type"] = "report";
    j["version"] = 2;
    j["group"] = r.group.ToString();
    return fmt::format("IGMP: Received v2 Report on {} from {} for {}", m.ifname, m.src, r.group);
  }
  std::string operator()(const IgmpLeave& l) const {
    j["type"] = "leave";
    j["version"] = 2;
    j["group"] = l.group.ToString();
    return fmt::format("IGMP: Received Leave from {} ({}) for {}", m.src, m.ifname, l.group);
  }
  std::string operator()(const IgmpV3Report& r) const {
    j["type"] = "report";
    j["version"] = 3;
    json recs = json::array();
    std::string text =
        fmt::format("IGMP: Received v3 Report for {} group{} on {} from {}", r.records.size(),
                    r.records.size() == 1 ? "" : "s", m.ifname, m.src);
    for (std::size_t i = 0; i < r.records.size(); ++i) {
      const IgmpGroupRecord& rec = r.records[i];
      recs.push_back({{"record_type", ToString(rec.type)},
                      {"group", rec.group.ToString()},
                      {"sources", SourcesJson(rec.sources)},
                      {"aux_data_len", rec.aux_data.size()}});
      text += fmt::format("{} {} {} {}", i == 0 ? ":" : ";", ToString(rec.type), rec.group,
                          SourcesText(rec.sources));
    }
    j["records"] = std::move(recs);
    return text;
  }
  std::string operator()(const DvmrpMessage& d) const {
    j["type"] = "dvmrp";
    j["code"] = d.code;
    j["major_version"] = d.major_version;
    j["minor_version"] = d.minor_version;
    return fmt::format("IGMP: Received DVMRP code {} (v{}.{}) on {} from {}", d.code,
                       d.major_version, d.minor_version, m.ifname, m.src);
  }
};

}  // namespace

PacketLine DescribeIgmp(const IpMeta& meta, std::span<const std::uint8_t> payload) {
  PacketLine line{.json = Envelope(meta, "igmp")};
  const Result<IgmpMessage, DecodeError> msg = DecodeIgmp(payload);
  if (!msg) {
    line.json["error"] = ToString(msg.error());
    line.text = fmt::format("IGMP: Malformed packet on {} from {} to {}: {}", meta.ifname, meta.src,
                            meta.dst, msg.error());
    return line;
  }
  json body;
  line.text = std::visit(Render{meta, body}, *msg);
  line.json["message"] = std::move(body);
  return line;
}

}  // namespace mc::show
