// Network: the devices of a lab and the cables between them, on one discrete-event Scheduler
// (DESIGN.md "The emulator"): frames sent on a link reach the other endpoint(s) after the link's
// one-way delay, unless the link is down, an endpoint's node is off, or the seeded loss draw
// drops them. A link with more than two endpoints is a hub segment: every frame reaches every
// other endpoint (each receiver draws its own loss). Optional pcap per link records each frame
// once, when it is sent.
//
// Events at the same instant run in the order they were scheduled, and the loss RNG is drawn
// in that order, so a lab and its seed always give the same run.
// Left out: bandwidth and queueing (frames never wait for each other), MTU checks, jitter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"
#include "base/rng.h"
#include "base/time.h"
#include "sim/emu/device.h"
#include "sim/emu/traffic_log.h"
#include "sim/pcap_file.h"
#include "sim/scheduler.h"
#include "wire/writer.h"

namespace mc::sim {

struct LinkEndpoint {
  std::size_t device = 0;
  std::size_t iface = 0;
};

class Network {
 public:
  explicit Network(std::uint64_t seed) : seed_(seed), rng_(seed) {}
  // The lab seed, from which each device derives its engines' random sources.
  std::uint64_t seed() const { return seed_; }

  // Devices boot when Start() runs (or at once if it already has).
  std::size_t AddDevice(std::unique_ptr<Device> device);
  // Endpoints name interfaces as the device knows them. Error: an unknown interface.
  Result<std::size_t, std::string> AddLink(
      const std::vector<std::pair<std::size_t, std::string>>& endpoints, Duration delay,
      double loss);
  // One pcap per link in `dir`, named `A-ifA--B-ifB.pcap` ('/' in names becomes '_').
  Status<std::string> EnablePcap(const std::filesystem::path& dir);
  void Start();

  Device& device(std::size_t i) { return *devices_[i]; }
  const Device& device(std::size_t i) const { return *devices_[i]; }
  std::size_t device_count() const { return devices_.size(); }
  std::optional<std::size_t> FindDevice(std::string_view name) const;
  // The link an interface is cabled to.
  std::optional<std::size_t> LinkOf(std::size_t device, std::size_t iface) const;

  void SetLinkUp(std::size_t link, bool up);
  // The IGP oracle (igp.h): ConvergeIgpNow computes every router's OSPF routes at once (boot);
  // after that, each link or node change (and ScheduleIgp, for config changes) recomputes them
  // `igp_delay` later, as a converging IGP would (LAB-FORMAT.md §2 timing model).
  void SetIgpDelay(Duration d) { igp_delay_ = d; }
  void ConvergeIgpNow();
  void ScheduleIgp();
  bool LinkUp(std::size_t link) const { return links_[link].up; }
  // Powers a node off (frames to it are lost, its neighbours lose carrier) or boots `fresh`
  // in its place.
  void PowerOff(std::size_t device);
  void PowerOn(std::size_t device, std::unique_ptr<Device> fresh);
  bool Powered(std::size_t device) const { return powered_[device]; }

  // A caller-defined event: RunUntil returns its id when it fires.
  void ScheduleMarker(Time at, std::uint64_t id);
  // Runs events at or before `until`. Returns early with a marker's id when one fires, or with
  // nullopt as soon as a device finished a command (see Device::TakeDone); else at `until`.
  std::optional<std::uint64_t> RunUntil(Time until);
  Time now() const { return now_; }
  // Events run so far (frame arrivals, device wake-ups, markers): the progress display's rate.
  std::uint64_t events() const { return events_; }
  void Flush();

  // Called by devices.
  void Transmit(std::size_t device, std::size_t iface, wire::Bytes frame);
  void WakeAt(std::size_t device, std::optional<Time> at);
  void NoteDone() { done_ = true; }
  // What `expect ... sent|received` counts (frames on cabled ports are noted by Transmit;
  // devices note frames on virtual interfaces and datagrams their applications receive).
  TrafficLog& traffic() { return traffic_; }
  const TrafficLog& traffic() const { return traffic_; }

 private:
  struct Link {
    std::vector<LinkEndpoint> ends;
    Duration delay{};
    double loss = 0;
    bool up = true;
    std::optional<PcapWriter> pcap;
  };
  struct Arrival {
    std::size_t link = 0;
    std::size_t end = 0;
    wire::Bytes frame;
  };
  struct WakeEvent {
    std::size_t device = 0;
  };
  struct Marker {
    std::uint64_t id = 0;
  };
  struct IgpEvent {};
  using Event = std::variant<Arrival, WakeEvent, Marker, IgpEvent>;

  void Carrier(std::size_t link, bool up);
  void Reschedule(std::size_t device);

  std::uint64_t seed_;
  Rng rng_;
  Scheduler<Event> sched_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::map<std::string, std::size_t, std::less<>> by_name_;  // FindDevice: the first of a name
  std::vector<bool> powered_;
  std::vector<EventId> wake_ids_;
  std::vector<std::optional<Time>> wake_at_;
  std::vector<Link> links_;
  std::vector<std::vector<std::optional<std::size_t>>> port_link_;  // [device][iface]
  TrafficLog traffic_;
  Duration igp_delay_ = std::chrono::seconds{1};
  bool igp_live_ = false;  // ConvergeIgpNow ran: later changes reconverge after the delay
  EventId igp_event_;      // the pending recomputation, if any
  std::uint64_t events_ = 0;
  bool started_ = false;
  bool done_ = false;
  Time now_ = kTimeZero;
};

}  // namespace mc::sim
