// The record codec (record.h): every Input and Effect variant round-trips, golden lines pin the
// format, and malformed lines are `FILE:LINE` errors, never crashes.
#include "router/record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mc::router {
namespace {

using engine::Effect;
using engine::Input;

const Sg kSG{Ipv4{10, 0, 1, 2}, Ipv4{239, 1, 2, 3}};
const Mac kMac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};

std::vector<Input> AllInputs() {
  engine::PacketIn p{engine::Layer::kL3,
                     IfIndex{2},
                     Ipv4{10, 0, 1, 2},
                     Ipv4{224, 0, 0, 13},
                     1,
                     103,
                     true,
                     kMac,
                     std::nullopt,
                     {0x20, 0x00, 0xff, 0x0a}};
  engine::PacketIn l2 = p;
  l2.layer = engine::Layer::kL2;
  l2.vlan = 10;
  l2.bytes.clear();
  return {
      p,
      l2,
      engine::DataplaneEvent{engine::DataplaneKind::kWholePacket, IfIndex{3}, kSG, 0, 0, {0x45}},
      engine::DataplaneEvent{
          engine::DataplaneKind::kActivity, IfIndex{3}, kSG, std::uint64_t{1} << 40, 77, {}, 5},
      engine::LinkEvent{IfIndex{4}, true, engine::IfAddress{Ipv4{10, 0, 12, 1}, 24}, kMac},
      engine::LinkEvent{IfIndex{4}, false, std::nullopt, Mac{}},
      engine::RouteEvent{*Prefix::Parse("10.0.2.0/24"), Ipv4{10, 0, 12, 2}, IfIndex{4}, 1, 20,
                         true},
      engine::ConfigChange{"interface r1-eth0 \"x\"\n", 9},
      engine::StreamEvent{engine::StreamId{5}, engine::StreamEventKind::kData, {1, 2, 3}},
      engine::Notify{engine::GroupMembership{IfIndex{1}, kSG, true, engine::FilterMode::kInclude}},
      engine::Notify{engine::NeighborChange{IfIndex{1}, Ipv4{10, 0, 1, 9}, true}},
      engine::Notify{engine::DrChange{IfIndex{1}, false, Ipv4{10, 0, 1, 9}}},
      engine::Notify{engine::RpfChange{Ipv4{9, 9, 9, 9}, IfIndex{2}, Ipv4{10, 0, 2, 2}}},
      engine::Notify{engine::TopologyChangeNotice{IfIndex{7}, true, 20}},
      engine::EffectFailed{engine::MfcAdd{kSG, IfIndex{2}, {IfIndex{3}, IfIndex{5}}},
                           engine::FailReason::kNoVif, 0},
      engine::EffectFailed{engine::MfcDel{kSG}, engine::FailReason::kSystemError, -22},
  };
}

std::vector<Effect> AllEffects() {
  return {
      engine::SendPacket{
          IfIndex{2}, Ipv4{10, 0, 1, 1}, Ipv4{224, 0, 0, 13}, 1, 103, false, 0xc0, {0x20, 0x00}},
      engine::SendPacket{IfIndex{2}, Ipv4{10, 0, 1, 1}, Ipv4{10, 0, 9, 9}, 64, 103, true, 0, {}},
      engine::SendFrame{IfIndex{3}, {0xff, 0xff}},
      engine::MfcAdd{kSG, IfIndex{2}, {IfIndex{3}, IfIndex{5}}},
      engine::MfcAdd{kSG, IfIndex{2}, {}},
      engine::MfcDel{kSG},
      engine::MdbAdd{10, Mac::ForGroup(kSG.group), kSG.group, IfIndex{4}},
      engine::MdbDel{10, Mac::ForGroup(kSG.group), kSG.group, IfIndex{4}},
      engine::SocketJoin{IfIndex{1},
                         kSG.group,
                         {Ipv4{1, 2, 3, 4}, Ipv4{5, 6, 7, 8}},
                         engine::FilterMode::kInclude},
      engine::SocketLeave{IfIndex{1}, kSG.group, {}, engine::FilterMode::kExclude},
      engine::AddressAdd{IfIndex{1}, Ipv4{10, 0, 1, 254}, Mac::VrrpVirtual(1)},
      engine::AddressDel{IfIndex{1}, Ipv4{10, 0, 1, 254}, Mac::VrrpVirtual(1)},
      engine::GratuitousArp{IfIndex{1}, Ipv4{10, 0, 1, 254}, Mac::VrrpVirtual(1)},
      engine::StreamCmd{engine::StreamId{3},
                        engine::StreamCmdKind::kConnect,
                        Ipv4{1, 1, 1, 1},
                        Ipv4{2, 2, 2, 2},
                        639,
                        {}},
      engine::Notify{engine::DrChange{IfIndex{1}, true, Ipv4{10, 0, 1, 1}}},
      engine::Trace{TimeFromNanos(1500), "pim", "assert (10.0.1.2, 239.1.2.3) if 2: a -> b \\ \""},
  };
}

TEST(RecordCodec, EveryInputRoundTrips) {
  for (const Input& in : AllInputs()) {
    const std::string line = EncodeInput(in);
    EXPECT_EQ(line.find("  "), std::string::npos) << line;
    const auto back = DecodeInput(line);
    ASSERT_TRUE(back.has_value()) << line << ": " << back.error();
    EXPECT_EQ(*back, in) << line;
  }
}

TEST(RecordCodec, EveryEffectRoundTrips) {
  for (const Effect& e : AllEffects()) {
    const std::string line = EncodeEffect(e);
    const auto back = DecodeEffect(line);
    ASSERT_TRUE(back.has_value()) << line << ": " << back.error();
    EXPECT_EQ(*back, e) << line;
  }
}

TEST(RecordCodec, GoldenLines) {
  EXPECT_EQ(EncodeEffect(engine::MfcAdd{kSG, IfIndex{2}, {IfIndex{3}, IfIndex{5}}}),
            "mfc-add source=10.0.1.2 group=239.1.2.3 iif=2 oifs=3,5");
  EXPECT_EQ(EncodeInput(AllInputs()[0]),
            "packet layer=l3 if=2 src=10.0.1.2 dst=224.0.0.13 ttl=1 proto=103 ra=1 "
            "mac=02:00:00:00:00:01 vlan=- bytes=2000ff0a");
  EXPECT_EQ(EncodeCall(CallLine{
                TimeFromNanos(42), true,
                rec::In{EngineId::kPim,
                        engine::EffectFailed{engine::MfcDel{kSG}, engine::FailReason::kNoVif, 0}}}),
            "> in 42 pim failed reason=no-vif errno=0 mfc-del source=10.0.1.2 group=239.1.2.3");
  EXPECT_EQ(EncodeCall(CallLine{TimeFromNanos(7), false, rec::Pump{}}), "pump 7");
  EXPECT_EQ(EncodeCall(CallLine{
                TimeFromNanos(7), false,
                rec::Link{HostLink{IfIndex{2}, "r1 eth0", true, false, false, kMac, false}}}),
            "link 7 if=2 name=\"r1\\x20eth0\" admin=1 lower=0 loopback=0 mac=02:00:00:00:00:01 "
            "removed=0");
  EXPECT_EQ(EncodeEffectLine(EffectLine{EngineId::kVrrp, engine::MfcDel{kSG}}),
            "fx vrrp mfc-del source=10.0.1.2 group=239.1.2.3");
  EXPECT_EQ(EncodeHeader(RecordHeader{12, "/etc/r1.cfg", "hostname R1\n"}),
            (std::vector<std::string>{"mcast-record 1 seed=12", "config-path \"/etc/r1.cfg\"",
                                      "config \"hostname\\x20R1\\n\""}));
}

TEST(RecordCodec, EveryCallRoundTrips) {
  const std::vector<Call> calls = {
      rec::Link{HostLink{IfIndex{2}, "eth0", true, true, false, kMac, false}},
      rec::Addr{HostAddr{IfIndex{2}, {Ipv4{10, 0, 1, 1}, 24}, true, false}},
      rec::Route{engine::RouteEvent{*Prefix::Parse("0.0.0.0/0"), Ipv4{10, 0, 1, 9}, IfIndex{2}, 0,
                                    100, false}},
      rec::Sync{},
      rec::In{EngineId::kIgmp, AllInputs()[0]},
      rec::Pump{},
      rec::Reload{"hostname R1\ninterface eth0\n ip pim sparse-mode\n"},
      rec::ClearMroute{Ipv4{239, 1, 1, 1}, std::nullopt},
      rec::ClearMroute{},
      rec::ClearIgmp{Ipv4{239, 1, 1, 1}},
      rec::Shutdown{},
  };
  for (const Call& c : calls) {
    for (const bool nested : {false, true}) {
      const CallLine line{TimeFromNanos(123456789012), nested, c};
      const auto back = DecodeCall(EncodeCall(line));
      ASSERT_TRUE(back.has_value()) << EncodeCall(line) << ": " << back.error();
      EXPECT_EQ(*back, line) << EncodeCall(line);
    }
  }
}

TEST(RecordCodec, QuotedStringsKeepEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) {
    all.push_back(static_cast<char>(c));
  }
  const std::string q = QuoteString(all);
  EXPECT_EQ(q.find(' '), std::string::npos);
  EXPECT_EQ(UnquoteString(q), all);
  for (const std::string_view bad :
       {"", "\"", "abc", "\"a\"b\"", "\"\\\"", "\"\\x4\"", "\"\\xzz\"", "\"\\q\""}) {
    EXPECT_FALSE(UnquoteString(bad).has_value()) << bad;
  }
}

constexpr std::string_view kHeader =
    "mcast-record 1 seed=5\nconfig-path \"r1.cfg\"\nconfig \"hostname\\x20R1\\n\"\n";

TEST(RecordParse, ReadsHeaderEntriesAndLineNumbers) {
  const std::string text = std::string(kHeader) +
                           "# a comment\n"
                           "\n"
                           "sync 10\n"
                           "fx pim mfc-del source=10.0.1.2 group=239.1.2.3\n"
                           "> in 10 pim failed reason=no-vif errno=0 mfc-del source=10.0.1.2 "
                           "group=239.1.2.3\n";
  const auto r = ParseRecord(text);
  ASSERT_TRUE(r.has_value()) << r.error().ToString("t");
  EXPECT_EQ(r->header, (RecordHeader{5, "r1.cfg", "hostname R1\n"}));
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].line, 6u);
  EXPECT_EQ(r->entries[2].line, 8u);
  EXPECT_TRUE(std::get<CallLine>(r->entries[2].value).nested);
}

// Each bad line is reported with its number and text; none crashes the parser.
TEST(RecordParse, BadLinesAreFileLineErrors) {
  struct Case {
    std::string line;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"frobnicate 10", "unknown record line 'frobnicate'"},
      {"pump", "missing time"},
      {"pump -5", "bad time '-5'"},
      {"pump 10 extra", "unexpected 'extra'"},
      {"sync  10", "empty token"},
      {"in 10 ospf packet", "unknown engine 'ospf'"},
      {"in 10 pim packet layer=l3 if=2 src=10.0.1.2 dst=224.0.0.13 ttl=300 proto=103 ra=0 "
       "mac=00:00:00:00:00:00 vlan=- bytes=20",
       "ttl: not a number in range: '300'"},
      {"in 10 pim packet layer=l3 if=2 src=10.0.1.2 dst=224.0.0.13 ttl=1 proto=103 ra=0 "
       "mac=00:00:00:00:00:00 vlan=- bytes=2",
       "bytes: bad hex"},
      {"in 10 pim packet layer=l3 if=2 src=10.0.1", "src: not an IPv4 address"},
      {"in 10 pim packet layer=l3 if=2", "missing src"},
      {"fx pim mfc-add source=10.0.1.2 group=239.1.2.3 iif=2 oifs=3,,4",
       "oifs: bad interface list"},
      {"fx pim teleport x=1", "unknown effect 'teleport'"},
      {"fx pim trace at=1 engine=\"pim\" text=\"unterminated", "text: bad quoted string"},
      {"link 1 if=2 name=\"e\" admin=2 lower=0 loopback=0 mac=00:00:00:00:00:00 removed=0",
       "admin: expected 0 or 1"},
      {"addr 1 if=2 addr=10.0.0.1/33 secondary=0 removed=0", "expected ADDRESS/LEN"},
      {"in 1 pim failed reason=sleepy errno=0 mfc-del source=1.1.1.1 group=239.1.1.1",
       "reason: unknown value 'sleepy'"},
  };
  for (const Case& c : cases) {
    const std::string text = std::string(kHeader) + "sync 1\n" + c.line + "\n";
    const auto r = ParseRecord(text);
    ASSERT_FALSE(r.has_value()) << c.line;
    EXPECT_EQ(r.error().line, 5u) << c.line;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.line << " -> " << r.error().message;
    EXPECT_EQ(r.error().ToString("r1.rec").rfind("r1.rec:5: ", 0), 0u);
    EXPECT_NE(r.error().ToString("r1.rec").find(c.line.substr(0, 20)), std::string::npos);
  }
}

TEST(RecordParse, HeaderErrors) {
  EXPECT_EQ(ParseRecord("").error().message, "record ends inside its header");
  EXPECT_EQ(ParseRecord("pcap\n").error().line, 1u);
  EXPECT_NE(ParseRecord("mcast-record 2 seed=1\n").error().message.find("version '2'"),
            std::string::npos);
  const auto r = ParseRecord("mcast-record 1 seed=1\nconfig \"x\"\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().message, "expected config-path");
}

// Every prefix of every valid line decodes to a value or an error: the bounds checks hold at
// every cut.
TEST(RecordParse, EveryTruncationIsAnErrorOrAValueNeverACrash) {
  std::vector<std::string> lines;
  for (const Input& in : AllInputs()) {
    lines.push_back(EncodeCall(CallLine{TimeFromNanos(1), false, rec::In{EngineId::kPim, in}}));
  }
  for (const Effect& e : AllEffects()) {
    lines.push_back(EncodeEffectLine(EffectLine{EngineId::kPim, e}));
  }
  std::size_t errors = 0;
  for (const std::string& line : lines) {
    for (std::size_t n = 0; n < line.size(); ++n) {
      const std::string text = std::string(kHeader) + line.substr(0, n) + "\n";
      const auto r = ParseRecord(text);
      errors += r.has_value() ? 0u : 1u;
    }
  }
  EXPECT_GT(errors, lines.size());  // most cuts are errors (some, like a shorter hex, are not)
}

}  // namespace
}  // namespace mc::router
