#!/usr/bin/env python3
# bench/netns/join_latency.py: the receiver side of mcastd_join_latency.sh (issue 7 benchmark 3).
# Run inside the receiver namespace. ITERATIONS times: join (S,G) (IGMPv3 INCLUDE, the kernel
# host stack sends the report at once) or G (ASM) on IFADDR, take CLOCK_MONOTONIC just before
# the setsockopt, block until the first datagram of the flow arrives, take the time again; then
# leave and wait until the wire has been quiet for QUIET_S (an AF_PACKET counter on IFNAME),
# so the next join starts from no forwarding state. Prints one line per iteration and two
# summaries (p50 / p90 / p99 / max): join-to-first-packet on the socket (host stack included),
# and "router": from the host's IGMP report leaving IFNAME to the first datagram arriving there,
# both kernel timestamps of the wire (SO_TIMESTAMPNS), i.e. the router's part of the latency.
#
#   join_latency.py IFNAME IFADDR GROUP PORT SOURCE|- ITERATIONS QUIET_S TIMEOUT_S
import select
import socket
import struct
import sys
import time


def main():
    ifname, ifaddr, group, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    source, iterations = sys.argv[5], int(sys.argv[6])
    quiet, timeout = float(sys.argv[7]), float(sys.argv[8])
    # ETH_P_ALL: only those taps see outgoing frames (the host's report), not ETH_P_IP ones.
    wire = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0003))
    wire.bind((ifname, 0x0003))
    wire.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    gbytes = socket.inet_aton(group)
    lat = []
    router = []
    misses = 0
    for it in range(iterations):
        drain(wire)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((group, port))
        if source != "-":
            opt = getattr(socket, "IP_ADD_SOURCE_MEMBERSHIP", 39)
            mreq = gbytes + socket.inet_aton(ifaddr) + socket.inet_aton(source)
        else:
            opt = socket.IP_ADD_MEMBERSHIP
            mreq = gbytes + socket.inet_aton(ifaddr)
        t0 = time.monotonic()
        s.setsockopt(socket.IPPROTO_IP, opt, mreq)
        r, _, _ = select.select([s], [], [], timeout)
        t1 = time.monotonic()
        if r:
            s.recv(65535)
            lat.append((t1 - t0) * 1000.0)
            r_ms = wire_delay(wire, gbytes)
            if r_ms is not None:
                router.append(r_ms)
            print("join-to-first-packet %.3f ms, report-to-first-packet on the wire %s ms"
                  % (lat[-1], "%.3f" % r_ms if r_ms is not None else "?"), flush=True)
        else:
            misses += 1
            print("iteration %d: no packet within %.1f s" % (it, timeout), flush=True)
        s.close()  # leave: the kernel sends the IGMP leave / state change report
        # Wait for the router to stop forwarding: no datagram to GROUP for QUIET_S.
        last = time.monotonic()
        while time.monotonic() - last < quiet:
            r, _, _ = select.select([wire], [], [], quiet)
            while r:
                p = wire.recv(65535)
                if len(p) >= 20 and p[16:20] == gbytes and p[9] == 17:
                    last = time.monotonic()
                r, _, _ = select.select([wire], [], [], 0)
            if time.monotonic() - last > 30:
                break
    if not lat:
        print("summary: no join got a packet (%d misses)" % misses)
        sys.exit(1)
    print("router: %s" % summary(router))
    print("summary: %d joins, %d misses, join-to-first-packet %s" % (len(lat), misses, summary(lat)))


def summary(v):
    if not v:
        return "no samples"
    v = sorted(v)

    def pct(p):
        return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]

    return "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms (%d samples)" % (
        pct(50), pct(90), pct(99), v[-1], v[0], len(v))


DEBUG = False
SO_TIMESTAMPNS = 35  # asm-generic/socket.h; ancillary data: struct timespec


def drain(wire):
    while select.select([wire], [], [], 0)[0]:
        wire.recv(65535)


def wire_delay(wire, gbytes):
    """From the kernel timestamps of the receiver's wire: the host's IGMP report leaving to the
    first datagram of the group arriving, i.e. the router's share of the latency (ms)."""
    t_report = None
    deadline = time.monotonic() + 0.2
    while time.monotonic() < deadline and select.select([wire], [], [], 0.05)[0]:
        p, anc, _, addr = wire.recvmsg(65535, 64)
        ts = None
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", data[:16])
                ts = sec + nsec / 1e9
        if DEBUG:
            print("wire", addr[2], len(p), p[9] if len(p) > 9 else -1, ts, anc[:1])
        if ts is None or len(p) < 20 or addr[1] != 0x0800:
            continue
        if addr[2] == socket.PACKET_OUTGOING and p[9] == 2 and t_report is None:
            t_report = ts
        elif addr[2] != socket.PACKET_OUTGOING and p[16:20] == gbytes and t_report is not None:
            return (ts - t_report) * 1000.0
    return None


if __name__ == "__main__":
    main()
