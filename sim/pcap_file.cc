// libpcap-backed pcap writer and reader.
#include "sim/pcap_file.h"

#include <pcap/pcap.h>

namespace mc::sim {
namespace {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr int kDltLinuxSll = 113;
constexpr int kDltLinuxSll2 = 276;
constexpr int kDltRawA = 12;
constexpr int kDltRawB = 14;
constexpr int kLinktypeRaw = 101;
constexpr int kDltIpv4 = 228;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

}  // namespace

struct PcapWriter::Impl {
  pcap_t* dead = nullptr;
  pcap_dumper_t* dumper = nullptr;
  ~Impl() {
    if (dumper != nullptr) pcap_dump_close(dumper);
    if (dead != nullptr) pcap_close(dead);
  }
};

PcapWriter::PcapWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PcapWriter::PcapWriter(PcapWriter&&) noexcept = default;
PcapWriter& PcapWriter::operator=(PcapWriter&&) noexcept = default;
PcapWriter::~PcapWriter() = default;

Result<PcapWriter, std::string> PcapWriter::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->dead = pcap_open_dead(DLT_EN10MB, 65535);
  if (impl->dead == nullptr) return std::string{"pcap_open_dead failed"};
  impl->dumper = pcap_dump_open(impl->dead, path.c_str());
  if (impl->dumper == nullptr) return std::string{pcap_geterr(impl->dead)};
  return PcapWriter{std::move(impl)};
}

void PcapWriter::Write(Time t, std::span<const std::uint8_t> frame) {
  const std::int64_t ns = ToNanos(t);
  pcap_pkthdr h{};
  h.ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  h.ts.tv_usec = static_cast<suseconds_t>((ns / 1000) % 1'000'000);
  h.caplen = static_cast<bpf_u_int32>(frame.size());
  h.len = h.caplen;
  pcap_dump(reinterpret_cast<u_char*>(impl_->dumper), &h, frame.data());
}

void PcapWriter::Flush() { pcap_dump_flush(impl_->dumper); }

struct PcapReader::Impl {
  pcap_t* p = nullptr;
  int dlt = 0;
  std::uint64_t skipped = 0;
  ~Impl() {
    if (p != nullptr) pcap_close(p);
  }
};

PcapReader::PcapReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PcapReader::PcapReader(PcapReader&&) noexcept = default;
PcapReader& PcapReader::operator=(PcapReader&&) noexcept = default;
PcapReader::~PcapReader() = default;

Result<PcapReader, std::string> PcapReader::Open(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE] = {};
  auto impl = std::make_unique<Impl>();
  impl->p = pcap_open_offline(path.c_str(), err);
  if (impl->p == nullptr) return std::string{err};
  impl->dlt = pcap_datalink(impl->p);
  switch (impl->dlt) {
    case DLT_EN10MB:
    case kDltLinuxSll:
    case kDltLinuxSll2:
    case kDltRawA:
    case kDltRawB:
    case kLinktypeRaw:
    case kDltIpv4:
      break;
    default:
      return "unsupported pcap link type " + std::to_string(impl->dlt);
  }
  return PcapReader{std::move(impl)};
}

std::optional<CapturedPacket> PcapReader::Next() {
  for (;;) {
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    if (pcap_next_ex(impl_->p, &h, &data) != 1) return std::nullopt;
    CapturedPacket pkt;
    pkt.time = TimeFromNanos(std::int64_t{h->ts.tv_sec} * 1'000'000'000 +
                             std::int64_t{h->ts.tv_usec} * 1000);
    pkt.original_length = h->len;
    const std::span<const std::uint8_t> raw{data, h->caplen};
    std::size_t skip = 0;
    std::uint16_t proto = kEtherTypeIpv4;
    switch (impl_->dlt) {
      case DLT_EN10MB:
        pkt.kind = LinkKind::kEthernet;
        break;
      case kDltLinuxSll:  // 16-byte header, protocol at offset 14
        skip = 16;
        if (raw.size() >= 16) proto = Be16(raw.data() + 14);
        pkt.kind = LinkKind::kIpv4;
        break;
      case kDltLinuxSll2:  // 20-byte header, protocol at offset 0
        skip = 20;
        if (raw.size() >= 20) proto = Be16(raw.data());
        pkt.kind = LinkKind::kIpv4;
        break;
      default:  // raw IP: version nibble decides
        pkt.kind = LinkKind::kIpv4;
        if (raw.empty() || (raw[0] >> 4) != 4) proto = 0;
        break;
    }
    if (raw.size() < skip || proto != kEtherTypeIpv4) {
      ++impl_->skipped;
      continue;
    }
    pkt.bytes.assign(raw.begin() + static_cast<std::ptrdiff_t>(skip), raw.end());
    return pkt;
  }
}

std::uint64_t PcapReader::skipped() const { return impl_->skipped; }

std::string PcapReader::link_type_name() const {
  const char* n = pcap_datalink_val_to_name(impl_->dlt);
  return n != nullptr ? n : std::to_string(impl_->dlt);
}

}  // namespace mc::sim
