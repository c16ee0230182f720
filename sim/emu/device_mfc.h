// Device::Mfc: the kernel multicast forwarding cache of one emulated router (device_mfc.cc), in a
// header so the file that defines Device's destructor sees the complete type.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "engine/effect.h"
#include "engine/input.h"
#include "pim/pim_engine.h"
#include "sim/emu/device.h"
#include "sim/emu/mfc_model.h"

namespace mc::sim {

struct Device::Mfc {
  MfcModel model;
  std::set<std::size_t> vifs;  // interfaces that are VIFs (the IGMP router interfaces)
  // Without a PIM engine, the interim resolver (device_mfc.cc) answers NOCACHE for sources on a
  // directly connected subnet with the interfaces that have members; its entries by channel.
  std::map<Sg, engine::MfcAdd> interim;

  // The PIM engine, on a router with `ip multicast-routing` and PIM on an interface. It owns
  // the cache then; the interim resolver is off.
  struct PimIf {
    engine::IfAddress address;
    bool up = false;
    pim::PimInterfaceSettings settings;
  };
  std::unique_ptr<pim::PimEngine> pim;
  std::deque<engine::Input> pim_in;
  std::map<std::size_t, PimIf> pim_ifs;
  std::map<std::size_t, engine::LinkEvent> links;  // the last LinkEvent given per interface
  std::map<Prefix, engine::RouteEvent> routes;     // the MRIB as given to the engine
  std::optional<pim::PimGlobalSettings> settings;
  std::map<std::size_t, engine::DrChange> dr;  // the engine's DrChange per interface
  Time next_poll;                              // SIOCGETSGCNT polling for kActivity
};

}  // namespace mc::sim
