// Unit tests of the Linux host pieces that need no root and no kernel: rtnetlink parsing from
// byte buffers, the VIF table and its MAXVIFS error, upcall decoding (IGMPMSG_* layouts of
// net/ipv4/ipmr.c), mfcctl building, UDP checksum completion (NETNS-INTEROP-NOTES pitfall 1),
// the tap's BPF filter, and the user-space dataplane following the MfcModel semantics.
#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

#include "platform/linux/dataplane.h"
#include "platform/linux/mroute.h"
#include "platform/linux/netlink.h"
#include "platform/linux/packet_io.h"
#include "wire/checksum.h"
#include "wire/ip.h"

namespace mc::platform {
namespace {

using Bytes = std::vector<std::uint8_t>;

// ---- netlink message builders ------------------------------------------------------------

void Put(Bytes& b, const void* p, std::size_t n) {
  const auto* c = static_cast<const std::uint8_t*>(p);
  b.insert(b.end(), c, c + n);
  while (b.size() % 4 != 0) {
    b.push_back(0);
  }
}

void Attr(Bytes& b, std::uint16_t type, const void* p, std::size_t n) {
  rtattr a{};
  a.rta_len = static_cast<unsigned short>(sizeof(rtattr) + n);
  a.rta_type = type;
  Put(b, &a, sizeof(a));
  Put(b, p, n);
}

Bytes Message(std::uint16_t type, const Bytes& body) {
  nlmsghdr h{};
  h.nlmsg_len = static_cast<std::uint32_t>(sizeof(nlmsghdr) + body.size());
  h.nlmsg_type = type;
  Bytes b;
  Put(b, &h, sizeof(h));
  b.insert(b.end(), body.begin(), body.end());
  return b;
}

Bytes LinkMsg(std::uint16_t type, int ifindex, const char* name, unsigned flags) {
  ifinfomsg ifi{};
  ifi.ifi_index = ifindex;
  ifi.ifi_flags = flags;
  Bytes body;
  Put(body, &ifi, sizeof(ifi));
  Attr(body, IFLA_IFNAME, name, std::strlen(name) + 1);
  const std::uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x11};
  Attr(body, IFLA_ADDRESS, mac, 6);
  return Message(type, body);
}

Bytes AddrMsg(std::uint16_t type, unsigned ifindex, std::array<std::uint8_t, 4> a,
              std::uint8_t len) {
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = len;
  ifa.ifa_index = ifindex;
  Bytes body;
  Put(body, &ifa, sizeof(ifa));
  Attr(body, IFA_ADDRESS, a.data(), 4);
  Attr(body, IFA_LOCAL, a.data(), 4);
  return Message(type, body);
}

Bytes RouteMsg(std::uint16_t type, std::array<std::uint8_t, 4> dst, std::uint8_t len,
               std::array<std::uint8_t, 4> gw, std::uint32_t oif, std::uint8_t table,
               std::uint8_t rtype = RTN_UNICAST) {
  rtmsg r{};
  r.rtm_family = AF_INET;
  r.rtm_dst_len = len;
  r.rtm_table = table;
  r.rtm_protocol = RTPROT_STATIC;
  r.rtm_type = rtype;
  Bytes body;
  Put(body, &r, sizeof(r));
  Attr(body, RTA_DST, dst.data(), 4);
  if (gw != std::array<std::uint8_t, 4>{}) {
    Attr(body, RTA_GATEWAY, gw.data(), 4);
  }
  Attr(body, RTA_OIF, &oif, 4);
  const std::uint32_t prio = 20;
  Attr(body, RTA_PRIORITY, &prio, 4);
  return Message(type, body);
}

TEST(Netlink, ParsesLinkAddressAndRouteInOneDatagram) {
  Bytes d = LinkMsg(RTM_NEWLINK, 4, "r1-eth0", IFF_UP | IFF_LOWER_UP);
  const Bytes a = AddrMsg(RTM_NEWADDR, 4, {10, 0, 1, 1}, 24);
  const Bytes r = RouteMsg(RTM_NEWROUTE, {10, 0, 9, 0}, 24, {10, 0, 1, 2}, 4, RT_TABLE_MAIN);
  d.insert(d.end(), a.begin(), a.end());
  d.insert(d.end(), r.begin(), r.end());
  const NlBatch b = ParseNetlink(d);
  ASSERT_EQ(b.messages.size(), 3u);
  EXPECT_EQ(b.malformed, 0u);
  const auto& l = std::get<NlLink>(b.messages[0]);
  EXPECT_EQ(l.ifindex, 4u);
  EXPECT_EQ(l.name, "r1-eth0");
  EXPECT_TRUE(l.admin_up);
  EXPECT_TRUE(l.lower_up);
  EXPECT_EQ(l.mac, (Mac{{0x02, 0, 0, 0, 0, 0x11}}));
  const auto& ad = std::get<NlAddr>(b.messages[1]);
  EXPECT_EQ(ad.address, (Ipv4{10, 0, 1, 1}));
  EXPECT_EQ(ad.prefix_len, 24);
  const auto& rt = std::get<NlRoute>(b.messages[2]);
  EXPECT_EQ(rt.prefix, Prefix::Make(Ipv4{10, 0, 9, 0}, 24));
  EXPECT_EQ(rt.gateway, (Ipv4{10, 0, 1, 2}));
  EXPECT_EQ(rt.oif, 4u);
  EXPECT_EQ(rt.priority, 20u);
  EXPECT_FALSE(rt.removed);
}

TEST(Netlink, DeletionsAreMarkedRemoved) {
  const NlBatch b = ParseNetlink(LinkMsg(RTM_DELLINK, 7, "veth0", 0));
  ASSERT_EQ(b.messages.size(), 1u);
  EXPECT_TRUE(std::get<NlLink>(b.messages[0]).removed);
  EXPECT_FALSE(std::get<NlLink>(b.messages[0]).admin_up);
  const NlBatch r = ParseNetlink(RouteMsg(RTM_DELROUTE, {10, 0, 0, 0}, 8, {}, 3, RT_TABLE_MAIN));
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(std::get<NlRoute>(r.messages[0]).removed);
  EXPECT_EQ(std::get<NlRoute>(r.messages[0]).gateway, Ipv4{});
}

TEST(Netlink, LocalTableAndNonUnicastRoutesAreIgnored) {
  Bytes d = RouteMsg(RTM_NEWROUTE, {10, 0, 1, 1}, 32, {}, 4, RT_TABLE_LOCAL, RTN_LOCAL);
  const Bytes m = RouteMsg(RTM_NEWROUTE, {10, 0, 1, 255}, 32, {}, 4, RT_TABLE_MAIN, RTN_BROADCAST);
  d.insert(d.end(), m.begin(), m.end());
  const NlBatch b = ParseNetlink(d);
  EXPECT_TRUE(b.messages.empty());
  EXPECT_EQ(b.ignored, 2u);
}

TEST(Netlink, TruncatedAndOverlongMessagesAreCountedNotCrashed) {
  Bytes d = LinkMsg(RTM_NEWLINK, 4, "eth1", IFF_UP);
  for (std::size_t cut = 0; cut < d.size(); ++cut) {
    const NlBatch b = ParseNetlink(std::span(d).first(cut));
    EXPECT_TRUE(b.messages.empty()) << cut;
  }
  // An attribute whose length runs past the message is malformed.
  Bytes bad = d;
  bad[sizeof(nlmsghdr) + sizeof(ifinfomsg)] = 0xFF;
  const NlBatch b = ParseNetlink(bad);
  EXPECT_TRUE(b.messages.empty());
  EXPECT_EQ(b.malformed, 1u);
}

TEST(Netlink, DoneAndErrorAreReported) {
  const NlBatch done = ParseNetlink(Message(NLMSG_DONE, Bytes(4, 0)));
  EXPECT_TRUE(done.done);
  const int err = -13;
  Bytes body(sizeof(nlmsgerr), 0);
  std::memcpy(body.data(), &err, sizeof(err));
  EXPECT_EQ(ParseNetlink(Message(NLMSG_ERROR, body)).error, -13);
}

TEST(Netlink, DistanceFollowsIos) {
  EXPECT_EQ(DistanceOfProtocol(RTPROT_KERNEL), 0u);
  EXPECT_EQ(DistanceOfProtocol(RTPROT_STATIC), 1u);
  EXPECT_EQ(DistanceOfProtocol(188), 110u);
}

// ---- VIFs ------------------------------------------------------------------------------

TEST(VifTable, AllocatesLowestFreeAndReusesAfterRemove) {
  VifTable t;
  EXPECT_EQ(*t.Add(IfIndex{10}, "a"), 0);
  EXPECT_EQ(*t.Add(IfIndex{20}, "b"), 1);
  EXPECT_EQ(*t.Add(IfIndex{10}, "a"), 0);  // idempotent
  EXPECT_EQ(t.Remove(IfIndex{10}), 0);
  EXPECT_EQ(*t.Add(IfIndex{30}, "c"), 0);
  EXPECT_EQ(t.IfIndexOf(1), IfIndex{20});
  EXPECT_FALSE(t.IfIndexOf(5).has_value());
}

TEST(VifTable, TheThirtyThirdInterfaceFailsNamingIt) {
  VifTable t;
  for (std::uint32_t i = 1; i <= kMaxVifs; ++i) {
    ASSERT_TRUE(t.Add(IfIndex{i}, "x").has_value());
  }
  auto r = t.Add(IfIndex{100}, "r1-eth32");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("r1-eth32"), std::string::npos);
  EXPECT_NE(r.error().find("32"), std::string::npos);
  EXPECT_NE(r.error().find("MAXVIFS"), std::string::npos);
  EXPECT_EQ(t.size(), kMaxVifs);
}

// ---- upcalls ---------------------------------------------------------------------------

Bytes UdpPacket(Ipv4 src, Ipv4 dst, std::uint8_t ttl, bool partial_checksum) {
  const Bytes payload(12, 0xAB);
  wire::UdpDatagram d;
  d.src_port = 5000;
  d.dst_port = 5001;
  d.payload = payload;
  Bytes udp = *wire::BuildUdp(d, src, dst);
  if (partial_checksum) {
    udp[6] = 0x12;  // what veth TX offload leaves: the pseudo-header sum, not the checksum
    udp[7] = 0x34;
  }
  wire::Ipv4Header h;
  h.ttl = ttl;
  h.protocol = wire::kProtoUdp;
  h.src = src;
  h.dst = dst;
  return *wire::BuildIpv4(h, udp);
}

Bytes Upcall(std::uint8_t type, std::uint16_t vif, Ipv4 src, Ipv4 dst) {
  Bytes m(20, 0);
  m[0] = 0x45;
  m[8] = type;
  m[9] = 0;
  m[10] = static_cast<std::uint8_t>(vif & 0xFF);
  m[11] = static_cast<std::uint8_t>(vif >> 8);
  for (int k = 0; k < 4; ++k) {
    m[12 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(src.value() >> (24 - 8 * k));
    m[16 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(dst.value() >> (24 - 8 * k));
  }
  return m;
}

TEST(Upcall, NoCacheAndWrongVifMapTheVifBackToTheInterface) {
  VifTable t;
  (void)t.Add(IfIndex{4}, "a");
  (void)t.Add(IfIndex{9}, "b");
  auto nc = DecodeUpcall(Upcall(1, 1, Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}), t);
  ASSERT_TRUE(nc.has_value());
  EXPECT_EQ(nc->kind, engine::DataplaneKind::kNoCache);
  EXPECT_EQ(nc->iif, IfIndex{9});
  EXPECT_EQ(nc->sg, (Sg{Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}}));
  auto wv = DecodeUpcall(Upcall(2, 0, Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}), t);
  ASSERT_TRUE(wv.has_value());
  EXPECT_EQ(wv->kind, engine::DataplaneKind::kWrongIif);
  EXPECT_EQ(wv->iif, IfIndex{4});
}

TEST(Upcall, WholePacketCarriesTheInnerPacketWithACompletedUdpChecksum) {
  VifTable t;
  (void)t.Add(IfIndex{0x7FFFFFFF}, "pimreg");
  const Ipv4 s{10, 0, 0, 5};
  const Ipv4 g{239, 1, 1, 1};
  Bytes m = Upcall(3, 0, Ipv4{}, Ipv4{});
  const Bytes inner = UdpPacket(s, g, 63, true);
  m.insert(m.end(), inner.begin(), inner.end());
  auto wp = DecodeUpcall(m, t);
  ASSERT_TRUE(wp.has_value());
  EXPECT_EQ(wp->kind, engine::DataplaneKind::kWholePacket);
  EXPECT_EQ(wp->iif, IfIndex{0x7FFFFFFF});
  EXPECT_EQ(wp->sg, (Sg{s, g}));
  auto p = wire::DecodeIpv4(wp->packet);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(wire::DecodeUdp(p->payload, s, g).has_value()) << "checksum must verify";
  EXPECT_EQ(wp->packet, UdpPacket(s, g, 63, false));
}

TEST(Upcall, WrongVifWholeIsAWrongIifCarryingThePacket) {
  VifTable t;
  (void)t.Add(IfIndex{4}, "a");
  (void)t.Add(IfIndex{9}, "b");
  const Ipv4 s{10, 0, 0, 5};
  const Ipv4 g{239, 1, 1, 1};
  Bytes m = Upcall(4, 1, s, g);  // IGMPMSG_WRVIFWHOLE on VIF 1
  const Bytes inner = UdpPacket(s, g, 9, true);
  m.insert(m.end(), inner.begin(), inner.end());
  auto ev = DecodeUpcall(m, t);
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->kind, engine::DataplaneKind::kWrongIif);
  EXPECT_EQ(ev->iif, IfIndex{9});
  EXPECT_EQ(ev->sg, (Sg{s, g}));
  EXPECT_EQ(ev->packet, UdpPacket(s, g, 9, false));
}

TEST(UserDataplane, WrongIifCarriesThePacketWithWrvifwhole) {
  MfcOptions o;
  o.do_wrvifwhole = true;
  auto d = Dataplane::UserOnly(o);
  (void)d->AddVif(IfIndex{4}, "a", false);
  (void)d->AddVif(IfIndex{5}, "b", false);
  const Sg sg{Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}};
  DataplaneOutput out;
  d->Apply(kTimeZero, engine::MfcAdd{sg, IfIndex{4}, {IfIndex{5}}}, out);
  d->Forward(kTimeZero, IfIndex{5}, UdpPacket(sg.source, sg.group, 8, true), out);
  ASSERT_EQ(out.upcalls.size(), 1u);
  EXPECT_EQ(out.upcalls[0].kind, engine::DataplaneKind::kWrongIif);
  EXPECT_EQ(out.upcalls[0].packet, UdpPacket(sg.source, sg.group, 8, false));
}

TEST(Upcall, BadInputIsAnErrorNeverACrash) {
  VifTable t;
  (void)t.Add(IfIndex{4}, "a");
  EXPECT_EQ(DecodeUpcall(Bytes(19, 0), t).error(), UpcallError::kTruncated);
  Bytes igmp = Upcall(1, 0, Ipv4{}, Ipv4{});
  igmp[9] = 2;  // IP protocol IGMP: a real packet, not an upcall
  EXPECT_EQ(DecodeUpcall(igmp, t).error(), UpcallError::kNotUpcall);
  EXPECT_EQ(DecodeUpcall(Upcall(1, 7, Ipv4{}, Ipv4{}), t).error(), UpcallError::kUnknownVif);
  EXPECT_EQ(DecodeUpcall(Upcall(9, 0, Ipv4{}, Ipv4{}), t).error(), UpcallError::kUnknownType);
  EXPECT_EQ(DecodeUpcall(Upcall(3, 0, Ipv4{}, Ipv4{}), t).error(), UpcallError::kBadWholePacket);
}

TEST(Mfcctl, OifsGetThresholdOneAndMissingOnesAreReported) {
  VifTable t;
  (void)t.Add(IfIndex{4}, "a");
  (void)t.Add(IfIndex{5}, "b");
  (void)t.Add(IfIndex{6}, "c");
  const Sg sg{Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}};
  auto c = BuildMfcctl(engine::MfcAdd{sg, IfIndex{4}, {IfIndex{6}, IfIndex{77}}}, t);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->parent, 0);
  EXPECT_EQ(c->ttls[0], 0);
  EXPECT_EQ(c->ttls[1], 0);
  EXPECT_EQ(c->ttls[2], 1);
  EXPECT_EQ(c->missing_oifs, std::vector<IfIndex>{IfIndex{77}});
  EXPECT_EQ(BuildMfcctl(engine::MfcAdd{sg, IfIndex{99}, {}}, t).error(),
            engine::FailReason::kNoVif);
  // (*,G): the incoming VIF is listed too, or the kernel never matches the entry on it.
  auto star = BuildMfcctl(engine::MfcAdd{Sg{Ipv4{}, sg.group}, IfIndex{5}, {IfIndex{6}}}, t);
  EXPECT_EQ(star->ttls[1], 1);
}

TEST(Checksum, CompletesPartialAndKeepsAbsentChecksums) {
  const Ipv4 s{10, 0, 0, 5};
  const Ipv4 g{239, 1, 1, 1};
  Bytes p = UdpPacket(s, g, 8, true);
  CompleteUdpChecksum(p);
  EXPECT_EQ(p, UdpPacket(s, g, 8, false));
  Bytes none = UdpPacket(s, g, 8, false);
  none[26] = 0;
  none[27] = 0;
  const Bytes before = none;
  CompleteUdpChecksum(none);
  EXPECT_EQ(none, before);
  Bytes tiny(10, 0);
  CompleteUdpChecksum(tiny);  // not IPv4: untouched, no crash
  EXPECT_EQ(tiny, Bytes(10, 0));
}

// ---- the tap filter --------------------------------------------------------------------

TEST(TapFilter, PassesMulticastOnlyAndLinkLocalWhenAsked) {
  const auto all = MulticastFilter(false);
  const auto ll = MulticastFilter(true);
  const Bytes data = UdpPacket(Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}, 8, false);
  const Bytes hello = UdpPacket(Ipv4{10, 0, 0, 5}, Ipv4{224, 0, 0, 13}, 1, false);
  const Bytes uni = UdpPacket(Ipv4{10, 0, 0, 5}, Ipv4{10, 0, 0, 6}, 8, false);
  const Bytes e = UdpPacket(Ipv4{10, 0, 0, 5}, Ipv4{240, 0, 0, 1}, 8, false);
  EXPECT_GT(RunFilter(all, data), 0u);
  EXPECT_GT(RunFilter(all, hello), 0u);
  EXPECT_EQ(RunFilter(all, uni), 0u);
  EXPECT_EQ(RunFilter(all, e), 0u);
  EXPECT_EQ(RunFilter(ll, data), 0u);
  EXPECT_GT(RunFilter(ll, hello), 0u);
  EXPECT_EQ(RunFilter(all, Bytes(10, 0)), 0u);
}

// ---- the user-space dataplane ----------------------------------------------------------

TEST(UserDataplane, NoCacheThenAddReleasesQueuedPacketsWithTtlDecremented) {
  auto d = Dataplane::UserOnly();
  ASSERT_TRUE(d->AddVif(IfIndex{4}, "in", false).has_value());
  ASSERT_TRUE(d->AddVif(IfIndex{5}, "out", false).has_value());
  const Ipv4 s{10, 0, 0, 5};
  const Ipv4 g{239, 1, 1, 1};
  const Time t0 = TimeFromNanos(1'000'000'000);
  DataplaneOutput out;
  d->Forward(t0, IfIndex{4}, UdpPacket(s, g, 8, true), out);
  ASSERT_EQ(out.upcalls.size(), 1u);
  EXPECT_EQ(out.upcalls[0].kind, engine::DataplaneKind::kNoCache);
  EXPECT_TRUE(out.transmits.empty());
  DataplaneOutput out2;
  d->Apply(t0, engine::MfcAdd{Sg{s, g}, IfIndex{4}, {IfIndex{5}}}, out2);
  ASSERT_EQ(out2.transmits.size(), 1u);
  EXPECT_EQ(out2.transmits[0].oif, IfIndex{5});
  // TTL 8 -> 7, header checksum and UDP checksum valid.
  EXPECT_EQ(out2.transmits[0].packet, UdpPacket(s, g, 7, false));
  DataplaneOutput out3;
  d->Forward(t0, IfIndex{4}, UdpPacket(s, g, 1, false), out3);
  EXPECT_TRUE(out3.transmits.empty()) << "TTL 1 is never forwarded";
  const auto act = d->PollActivity();
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].packet_count, 2u);
  ASSERT_EQ(d->Entries().size(), 1u);
  EXPECT_EQ(d->Entries()[0].oifs, std::vector<IfIndex>{IfIndex{5}});
}

TEST(UserDataplane, RegisterVifCopiesBecomeWholePacketsWithGoodChecksums) {
  auto d = Dataplane::UserOnly();
  const IfIndex reg{0x7FFFFFFF};
  ASSERT_TRUE(d->AddVif(IfIndex{4}, "in", false).has_value());
  ASSERT_TRUE(d->AddVif(reg, "pimreg", true).has_value());
  const Ipv4 s{10, 0, 0, 5};
  const Ipv4 g{239, 1, 1, 1};
  DataplaneOutput out;
  d->Apply(kTimeZero, engine::MfcAdd{Sg{s, g}, IfIndex{4}, {reg}}, out);
  d->Forward(kTimeZero, IfIndex{4}, UdpPacket(s, g, 8, true), out);
  ASSERT_EQ(out.upcalls.size(), 1u);
  EXPECT_EQ(out.upcalls[0].kind, engine::DataplaneKind::kWholePacket);
  EXPECT_EQ(out.upcalls[0].packet, UdpPacket(s, g, 8, false));
  EXPECT_TRUE(out.transmits.empty());
}

TEST(UserDataplane, WrongInterfaceRaisesWrongIif) {
  auto d = Dataplane::UserOnly();
  (void)d->AddVif(IfIndex{4}, "a", false);
  (void)d->AddVif(IfIndex{5}, "b", false);
  const Sg sg{Ipv4{10, 0, 0, 5}, Ipv4{239, 1, 1, 1}};
  DataplaneOutput out;
  d->Apply(kTimeZero, engine::MfcAdd{sg, IfIndex{4}, {IfIndex{5}}}, out);
  d->Forward(kTimeZero, IfIndex{5}, UdpPacket(sg.source, sg.group, 8, false), out);
  ASSERT_EQ(out.upcalls.size(), 1u);
  EXPECT_EQ(out.upcalls[0].kind, engine::DataplaneKind::kWrongIif);
  EXPECT_EQ(out.upcalls[0].iif, IfIndex{5});
  EXPECT_TRUE(out.transmits.empty());
}

TEST(PacketIn, ParsesTheHeaderAndRejectsGarbage) {
  const Bytes p = UdpPacket(Ipv4{10, 0, 0, 5}, Ipv4{224, 0, 0, 13}, 1, false);
  auto in = ToPacketIn(IfIndex{3}, p);
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->ifindex, IfIndex{3});
  EXPECT_EQ(in->ttl, 1);
  EXPECT_EQ(in->protocol, wire::kProtoUdp);
  EXPECT_EQ(in->bytes.size(), p.size() - 20);
  EXPECT_FALSE(ToPacketIn(IfIndex{3}, Bytes(7, 0x45)).has_value());
}

}  // namespace
}  // namespace mc::platform
