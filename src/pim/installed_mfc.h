// InstalledMfc: what the PIM engine remembers of each MfcAdd it emitted (the kernel-MFC model's
// entry for one (S,G) flow: RFC 7761 §4.2 forwarding, iif and outgoing interfaces), so the
// reconcile step emits an MfcAdd only when the desired entry differs and an MfcDel only for an
// entry that exists. Kept in a map keyed by (S,G), so the (S,G) is not stored again, and the
// outgoing list holds up to two interfaces inline: 16 bytes instead of MfcAdd's 40 plus a heap
// block, for one entry per forwarded flow. Leaves out: nothing of MfcAdd but its sg.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include "base/types.h"
#include "engine/effect.h"

namespace mc::pim {

// A sorted outgoing-interface list: up to two interfaces inline, more in one heap block whose
// pointer is kept in the bytes of the inline array (copied with memcpy: it may be unaligned).
class OifList {
 public:
  OifList() = default;
  OifList(const OifList& o) { Assign(o.begin(), o.size()); }
  OifList& operator=(const OifList& o) {
    if (this != &o) {
      Free();
      Assign(o.begin(), o.size());
    }
    return *this;
  }
  OifList& operator=(const std::vector<IfIndex>& v) {
    Free();
    Assign(v.data(), v.size());
    return *this;
  }
  ~OifList() { Free(); }

  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const IfIndex* begin() const { return n_ <= kInline ? inline_ : Heap(); }
  const IfIndex* end() const { return begin() + n_; }
  bool operator==(const std::vector<IfIndex>& v) const {
    return std::equal(begin(), end(), v.begin(), v.end());
  }
  operator std::vector<IfIndex>() const { return {begin(), end()}; }  // NOLINT: implicit

 private:
  static constexpr std::uint32_t kInline = 2;
  static_assert(sizeof(IfIndex*) <= kInline * sizeof(IfIndex));

  IfIndex* Heap() const {
    IfIndex* p = nullptr;
    std::memcpy(static_cast<void*>(&p), inline_, sizeof p);
    return p;
  }
  void Assign(const IfIndex* src, std::size_t n) {
    n_ = static_cast<std::uint32_t>(n);
    if (n <= kInline) {
      std::copy(src, src + n, inline_);
      return;
    }
    auto* p = new IfIndex[n];
    std::copy(src, src + n, p);
    std::memcpy(static_cast<void*>(inline_), &p, sizeof p);
  }
  void Free() {
    if (n_ > kInline) {
      delete[] Heap();
    }
    n_ = 0;
  }

  std::uint32_t n_ = 0;
  IfIndex inline_[kInline];
};

struct InstalledMfc {
  IfIndex iif;
  OifList oifs;

  InstalledMfc& operator=(const engine::MfcAdd& m) {
    iif = m.iif;
    oifs = m.oifs;
    return *this;
  }
  // The sg is the map key: an installed entry equals the MfcAdd it came from.
  bool operator==(const engine::MfcAdd& m) const { return iif == m.iif && oifs == m.oifs; }
};
static_assert(sizeof(InstalledMfc) == 16);

}  // namespace mc::pim
