// Network: links, delivery, loss, carrier and the event loop (network.h).
#include "sim/emu/network.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/emu/igp.h"

namespace mc::sim {

std::size_t Network::AddDevice(std::unique_ptr<Device> device) {
  const std::size_t id = devices_.size();
  device->Attach(this, id);
  by_name_.try_emplace(device->name(), id);
  devices_.push_back(std::move(device));
  powered_.push_back(true);
  wake_ids_.emplace_back();
  wake_at_.emplace_back();
  port_link_.emplace_back();
  if (started_) {
    devices_[id]->Boot(now_);
    Reschedule(id);
  }
  return id;
}

Result<std::size_t, std::string> Network::AddLink(
    const std::vector<std::pair<std::size_t, std::string>>& endpoints, Duration delay,
    double loss) {
  Link link;
  link.delay = delay;
  link.loss = loss;
  for (const auto& [dev, ifname] : endpoints) {
    const std::optional<std::size_t> i = devices_[dev]->FindInterface(ifname);
    if (!i) {
      return fmt::format("{} has no interface {}", devices_[dev]->name(), ifname);
    }
    link.ends.push_back(LinkEndpoint{dev, *i});
  }
  const std::size_t id = links_.size();
  for (const LinkEndpoint& e : link.ends) {
    auto& ports = port_link_[e.device];
    if (ports.size() <= e.iface) {
      ports.resize(e.iface + 1);
    }
    ports[e.iface] = id;
  }
  links_.push_back(std::move(link));
  return id;
}

Status<std::string> Network::EnablePcap(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (Link& link : links_) {
    std::string name;
    for (const LinkEndpoint& e : link.ends) {
      if (!name.empty()) {
        name += "--";
      }
      std::string ifname = devices_[e.device]->InterfaceName(e.iface);
      std::replace(ifname.begin(), ifname.end(), '/', '_');
      name += devices_[e.device]->name() + "-" + ifname;
    }
    auto w = PcapWriter::Open((dir / (name + ".pcap")).string());
    if (!w) {
      return w.error();
    }
    link.pcap.emplace(std::move(*w));
  }
  return {};
}

void Network::Start() {
  started_ = true;
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    devices_[d]->Boot(now_);
    Reschedule(d);
  }
}

std::optional<std::size_t> Network::FindDevice(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it != by_name_.end() ? std::optional<std::size_t>{it->second} : std::nullopt;
}

std::optional<std::size_t> Network::LinkOf(std::size_t device, std::size_t iface) const {
  const auto& ports = port_link_[device];
  return iface < ports.size() ? ports[iface] : std::nullopt;
}

void Network::Transmit(std::size_t device, std::size_t iface, wire::Bytes frame) {
  const std::optional<std::size_t> l = LinkOf(device, iface);
  if (!l || !links_[*l].up || !powered_[device]) {
    return;
  }
  Link& link = links_[*l];
  traffic_.NoteSent(now_, device, iface, frame);
  if (link.pcap) {
    link.pcap->Write(now_, frame);
  }
  for (std::size_t e = 0; e < link.ends.size(); ++e) {
    const LinkEndpoint& end = link.ends[e];
    if (end.device == device && end.iface == iface) {
      continue;
    }
    if (link.loss > 0 && rng_.Chance(link.loss)) {
      continue;
    }
    sched_.Schedule(now_ + link.delay, Arrival{*l, e, frame});
  }
}

void Network::WakeAt(std::size_t device, std::optional<Time> at) {
  if (wake_at_[device] == at && (!at || sched_.Pending(wake_ids_[device]))) {
    return;
  }
  sched_.Cancel(wake_ids_[device]);
  wake_at_[device] = at;
  wake_ids_[device] = at ? sched_.Schedule(std::max(*at, now_), WakeEvent{device}) : EventId{};
}

void Network::Reschedule(std::size_t device) {
  WakeAt(device, powered_[device] ? devices_[device]->NextDeadline() : std::nullopt);
}

void Network::Carrier(std::size_t link, bool up) {
  for (const LinkEndpoint& e : links_[link].ends) {
    if (powered_[e.device]) {
      // Carrier needs the cable and a powered peer; on a hub, any powered peer.
      bool peer = false;
      for (const LinkEndpoint& o : links_[link].ends) {
        peer = peer || (o.device != e.device && powered_[o.device]);
      }
      devices_[e.device]->SetCarrier(now_, e.iface, up && peer);
      Reschedule(e.device);
    }
  }
}

void Network::SetLinkUp(std::size_t link, bool up) {
  links_[link].up = up;
  Carrier(link, up);
  ScheduleIgp();
}

void Network::ConvergeIgpNow() {
  igp_live_ = true;
  sched_.Cancel(igp_event_);
  igp_event_ = EventId{};
  std::vector<IgpDevice> view;
  view.reserve(devices_.size());
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    view.push_back(powered_[d] ? devices_[d]->IgpView(d) : IgpDevice{});
  }
  std::vector<std::vector<IgpRoute>> routes = ComputeIgp(view);
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    if (powered_[d]) {
      devices_[d]->SetIgpRoutes(now_, std::move(routes[d]));
      Reschedule(d);
    }
  }
}

void Network::ScheduleIgp() {
  if (!igp_live_ || sched_.Pending(igp_event_)) {
    return;  // one recomputation covers every change made before it runs
  }
  igp_event_ = sched_.Schedule(now_ + igp_delay_, IgpEvent{});
}

void Network::PowerOff(std::size_t device) {
  powered_[device] = false;
  Reschedule(device);
  for (std::size_t l = 0; l < links_.size(); ++l) {
    for (const LinkEndpoint& e : links_[l].ends) {
      if (e.device == device) {
        Carrier(l, links_[l].up);
        break;
      }
    }
  }
  ScheduleIgp();
}

void Network::PowerOn(std::size_t device, std::unique_ptr<Device> fresh) {
  fresh->Attach(this, device);
  const bool renamed = fresh->name() != devices_[device]->name();
  devices_[device] = std::move(fresh);
  if (renamed) {
    by_name_.clear();
    for (std::size_t d = 0; d < devices_.size(); ++d) {
      by_name_.try_emplace(devices_[d]->name(), d);
    }
  }
  powered_[device] = true;
  devices_[device]->Boot(now_);
  for (std::size_t l = 0; l < links_.size(); ++l) {
    for (const LinkEndpoint& e : links_[l].ends) {
      if (e.device == device) {
        Carrier(l, links_[l].up);
        break;
      }
    }
  }
  Reschedule(device);
  ScheduleIgp();
}

void Network::ScheduleMarker(Time at, std::uint64_t id) { sched_.Schedule(at, Marker{id}); }

std::optional<std::uint64_t> Network::RunUntil(Time until) {
  done_ = false;
  for (;;) {
    const std::optional<Time> next = sched_.PeekTime();
    if (!next || *next > until) {
      now_ = std::max(now_, until);
      return std::nullopt;
    }
    auto fired = sched_.PopNext();
    now_ = fired->time;
    ++events_;
    if (const auto* m = std::get_if<Marker>(&fired->event)) {
      return m->id;
    }
    if (auto* a = std::get_if<Arrival>(&fired->event)) {
      const Link& link = links_[a->link];
      const LinkEndpoint& end = link.ends[a->end];
      if (link.up && powered_[end.device]) {
        devices_[end.device]->Receive(now_, end.iface, a->frame);
        Reschedule(end.device);
      }
    } else if (std::holds_alternative<IgpEvent>(fired->event)) {
      igp_event_ = EventId{};
      ConvergeIgpNow();
    } else if (const auto* w = std::get_if<WakeEvent>(&fired->event)) {
      wake_at_[w->device].reset();
      wake_ids_[w->device] = EventId{};
      if (powered_[w->device]) {
        devices_[w->device]->Wake(now_);
        Reschedule(w->device);
      }
    }
    if (done_) {
      return std::nullopt;
    }
  }
}

void Network::Flush() {
  for (Link& link : links_) {
    if (link.pcap) {
      link.pcap->Flush();
    }
  }
}

}  // namespace mc::sim
