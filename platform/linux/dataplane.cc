// The two dataplanes behind one interface (dataplane.h).
#include "platform/linux/dataplane.h"

#include "wire/checksum.h"
#include "wire/ip.h"

namespace mc::platform {

using sim::MfcEntryView;
using sim::MfcReleased;
using sim::MfcVerdict;
using sim::VifOptions;

std::string_view ToString(DataplaneMode m) {
  return m == DataplaneMode::kKernel ? "kernel" : "user";
}

std::unique_ptr<Dataplane> Dataplane::Open(bool force_user, std::string& why) {
  std::unique_ptr<Dataplane> d(new Dataplane());
  // As the emulator's routers (device_mfc.cc) and the kernel with MRT_PIM = IGMPMSG_WRVIFWHOLE.
  MfcOptions options;
  options.do_wrvifwhole = true;
  d->model_ = MfcModel(options);
  if (force_user) {
    why = "user-space forwarding requested";
    return d;
  }
  auto k = KernelMfc::Open();
  if (k) {
    d->kernel_.emplace(std::move(*k));
    why = "kernel MFC (MRT_INIT)";
  } else {
    why = k.error() + "; forwarding in user space";
  }
  return d;
}

std::unique_ptr<Dataplane> Dataplane::UserOnly(MfcOptions options) {
  std::unique_ptr<Dataplane> d(new Dataplane());
  d->model_ = MfcModel(options);
  return d;
}

Result<bool, std::string> Dataplane::AddVif(IfIndex ifx, std::string_view name, bool is_register) {
  if (vifs_.contains(ifx)) {
    return true;
  }
  if (kernel_) {
    auto v = is_register ? kernel_->AddRegisterVif(ifx) : kernel_->AddVif(ifx, name);
    if (!v) {
      return v.error();
    }
  } else if (!model_.AddVif(ifx, VifOptions{1, is_register})) {
    return std::string("a register VIF exists already");
  }
  vifs_[ifx] = std::string(name);
  return true;
}

void Dataplane::DelVif(IfIndex ifx) {
  if (!vifs_.erase(ifx)) {
    return;
  }
  if (kernel_) {
    kernel_->DelVif(ifx);
  } else {
    model_.DelVif(ifx);
  }
}

void Dataplane::Apply(Time now, const engine::Effect& e, DataplaneOutput& out) {
  if (const auto* add = std::get_if<engine::MfcAdd>(&e)) {
    if (kernel_) {
      if (auto f = kernel_->Add(*add)) {
        out.failures.push_back(std::move(*f));
        return;
      }
      auto& slot = installed_[add->sg];
      slot.first = *add;
      return;
    }
    MfcApplyResult r = model_.Apply(now, *add);
    if (r.error) {
      out.failures.push_back(engine::EffectFailed{e, *r.error, r.error_number});
    }
    Release(now, r, out);
  } else if (const auto* del = std::get_if<engine::MfcDel>(&e)) {
    if (kernel_) {
      installed_.erase(del->sg);
      if (auto f = kernel_->Del(*del)) {
        out.failures.push_back(std::move(*f));
      }
      return;
    }
    (void)model_.Apply(now, *del);
  }
}

void Dataplane::Copies(std::span<const std::uint8_t> packet, const std::vector<IfIndex>& oifs,
                       DataplaneOutput& out) {
  if (oifs.empty() || packet.size() < 20 || packet[8] <= 1) {
    return;
  }
  wire::Bytes copy(packet.begin(), packet.end());
  // RFC 1812 §5.3.1: decrement the TTL; the header checksum follows (RFC 1624 would patch it
  // incrementally, recomputing 20-60 bytes is as cheap).
  copy[8] = static_cast<std::uint8_t>(copy[8] - 1);
  const std::size_t ihl = static_cast<std::size_t>(copy[0] & 0x0F) * 4;
  if (ihl < 20 || ihl > copy.size()) {
    return;
  }
  copy[10] = 0;
  copy[11] = 0;
  const std::uint16_t sum = wire::InternetChecksum(std::span(copy).first(ihl));
  copy[10] = static_cast<std::uint8_t>(sum >> 8);
  copy[11] = static_cast<std::uint8_t>(sum & 0xFF);
  CompleteUdpChecksum(copy);
  for (const IfIndex oif : oifs) {
    out.transmits.push_back(Transmit{oif, copy});
  }
}

void Dataplane::Release(Time now, MfcApplyResult& r, DataplaneOutput& out) {
  (void)now;
  for (MfcReleased& rel : r.released) {
    Copies(rel.packet, rel.verdict.oifs, out);
    for (engine::DataplaneEvent& u : rel.verdict.upcalls) {
      CompleteUdpChecksum(u.packet);  // WHOLEPKT and WRVIFWHOLE copies (no-op when empty)
      out.upcalls.push_back(std::move(u));
    }
  }
}

void Dataplane::Forward(Time now, IfIndex iif, wire::Bytes packet, DataplaneOutput& out) {
  if (kernel_ || packet.size() < 20) {
    return;
  }
  auto p = wire::DecodeIpv4(packet);
  if (!p) {
    return;
  }
  MfcVerdict v = model_.Forward(now, iif, Sg{p->header.src, p->header.dst}, packet);
  Copies(packet, v.oifs, out);
  for (engine::DataplaneEvent& u : v.upcalls) {
    CompleteUdpChecksum(u.packet);  // WHOLEPKT and WRVIFWHOLE copies (no-op when empty)
    out.upcalls.push_back(std::move(u));
  }
}

void Dataplane::ReadUpcalls(DataplaneOutput& out, std::size_t& bad) {
  if (!kernel_) {
    return;
  }
  for (int k = 0; k < 256; ++k) {
    std::optional<wire::Bytes> msg = kernel_->Read();
    if (!msg) {
      return;
    }
    auto ev = DecodeUpcall(*msg, kernel_->vifs());
    if (ev && ev->kind == engine::DataplaneKind::kWrongIif && ev->packet.empty() &&
        kernel_->wrvifwhole()) {
      continue;  // the WRVIFWHOLE copy that follows carries the same event with the packet
    }
    if (ev) {
      out.upcalls.push_back(std::move(*ev));
    } else if (ev.error() != UpcallError::kNotUpcall) {
      bad++;  // IGMP itself is read from the tap; only real upcalls count here
    }
  }
}

std::vector<engine::DataplaneEvent> Dataplane::PollActivity() {
  if (!kernel_) {
    return model_.PollActivity();
  }
  std::vector<engine::DataplaneEvent> out;
  for (auto& [sg, slot] : installed_) {
    const std::optional<KernelSgCount> c = kernel_->Count(sg);
    if (!c || c->packets == slot.second) {
      continue;
    }
    slot.second = c->packets;
    engine::DataplaneEvent ev;
    ev.kind = engine::DataplaneKind::kActivity;
    ev.iif = slot.first.iif;
    ev.sg = sg;
    ev.packet_count = c->packets;
    ev.byte_count = c->bytes;
    ev.wrong_if_count = c->wrong_if;
    out.push_back(std::move(ev));
  }
  return out;
}

std::vector<DataplaneEntry> Dataplane::Entries() const {
  std::vector<DataplaneEntry> out;
  if (kernel_) {
    for (const auto& [sg, slot] : installed_) {
      DataplaneEntry e{sg, slot.first.iif, slot.first.oifs, slot.second, 0};
      if (const auto c = kernel_->Count(sg)) {
        e.packets = c->packets;
        e.bytes = c->bytes;
      }
      out.push_back(std::move(e));
    }
    return out;
  }
  for (const MfcEntryView& v : model_.Entries()) {
    DataplaneEntry e{v.sg, v.iif, {}, v.count.packets, v.count.bytes};
    for (const auto& [oif, threshold] : v.thresholds) {
      if (oif != v.iif || !v.sg.IsStarG()) {
        e.oifs.push_back(oif);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace mc::platform
