// IGMP v1/v2/v3 cases for the tshark conformance test.
#include "tests/tshark/cases.h"
#include "tests/tshark/frames.h"
#include "wire/igmp.h"

namespace mc::testing {

using namespace mc::wire;

namespace {

Case Igmp(std::string name, Ipv4 src, Ipv4 dst, const IgmpMessage& m, std::vector<Field> f) {
  const Bytes payload = *EncodeToBytes(m);
  const Ipv4Header h{.tos = 0xc0,
                     .ttl = 1,
                     .protocol = kProtoIgmp,
                     .src = src,
                     .dst = dst,
                     .router_alert = !std::holds_alternative<IgmpV1Report>(m)};
  return {std::move(name), "igmp", IpFrame(h, payload), std::move(f)};
}

}  // namespace

std::vector<Case> IgmpCases() {
  const Ipv4 host{10, 1, 3, 2};
  const Ipv4 rtr{10, 1, 3, 10};
  const Ipv4 g{239, 1, 1, 1};
  std::vector<Case> v;
  v.push_back(Igmp("v2 general query", rtr, kAllSystems,
                   IgmpQuery{.version = IgmpVersion::kV2, .max_resp_code = 100},
                   {{"igmp.type", "0x11"}, {"igmp.version", "2"}, {"igmp.max_resp", "100"}}));
  v.push_back(Igmp("v1 query", rtr, kAllSystems,
                   IgmpQuery{.version = IgmpVersion::kV1, .max_resp_code = 0},
                   {{"igmp.type", "0x11"}, {"igmp.version", "1"}}));
  v.push_back(Igmp("v2 group-specific query", rtr, g,
                   IgmpQuery{.version = IgmpVersion::kV2, .max_resp_code = 10, .group = g},
                   {{"igmp.maddr", "239.1.1.1"}, {"igmp.max_resp", "10"}}));
  v.push_back(Igmp("v1 report", host, g, IgmpV1Report{g},
                   {{"igmp.type", "0x12"}, {"igmp.maddr", "239.1.1.1"}}));
  v.push_back(Igmp("v2 report", host, g, IgmpV2Report{g},
                   {{"igmp.type", "0x16"}, {"igmp.maddr", "239.1.1.1"}}));
  v.push_back(Igmp("v2 leave", host, kAllRouters, IgmpLeave{g},
                   {{"igmp.type", "0x17"}, {"igmp.maddr", "239.1.1.1"}}));
  v.push_back(
      Igmp("v3 general query", rtr, kAllSystems,
           IgmpQuery{.version = IgmpVersion::kV3, .max_resp_code = 100, .qrv = 2, .qqic = 125},
           {{"igmp.version", "3"}, {"igmp.qrv", "2"}, {"igmp.qqic", "125"}}));
  v.push_back(
      Igmp("v3 group-and-source query", rtr, Ipv4{232, 1, 1, 1},
           IgmpQuery{.version = IgmpVersion::kV3,
                     .max_resp_code = 10,
                     .group = Ipv4{232, 1, 1, 1},
                     .suppress_router_side = true,
                     .qrv = 2,
                     .qqic = 60,
                     .sources = {Ipv4{10, 99, 1, 10}, Ipv4{10, 99, 1, 11}}},
           {{"igmp.maddr", "232.1.1.1"}, {"igmp.num_src", "2"}, {"igmp.saddr", "10.99.1.11"}}));
  v.push_back(
      Igmp("v3 large exponent max-resp", rtr, kAllSystems,
           IgmpQuery{.version = IgmpVersion::kV3, .max_resp_code = 0x8f, .qrv = 7, .qqic = 0x90},
           {{"igmp.qrv", "7"}}));
  IgmpV3Report all;
  for (std::uint8_t t = 1; t <= 6; ++t) {
    all.records.push_back(
        {static_cast<IgmpRecordType>(t), Ipv4{232, 1, 1, t}, {Ipv4{10, 99, 1, t}}, {}});
  }
  v.push_back(Igmp("v3 report, six record types", host, kIgmpV3Routers, all,
                   {{"igmp.type", "0x22"},
                    {"igmp.num_grp_recs", "6"},
                    {"igmp.record_type", "1"},
                    {"igmp.record_type", "6"},
                    {"igmp.maddr", "232.1.1.6"},
                    {"igmp.saddr", "10.99.1.4"}}));
  v.push_back(Igmp("v3 report join", host, kIgmpV3Routers,
                   IgmpV3Report{{{IgmpRecordType::kChangeToExcludeMode, g, {}, {}}}},
                   {{"igmp.record_type", "4"}, {"igmp.maddr", "239.1.1.1"}}));
  return v;
}

}  // namespace mc::testing
