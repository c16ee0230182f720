#!/usr/bin/env python3
# bench/netns/pim_join_storm.py: the join storm of mcastd_join_storm.sh (issue 7 benchmark 1).
# Run inside the peer namespace. Sends, out of IFNAME from SRC, a PIM Hello (RFC 7761 §4.9.2)
# or a burst of PIM Join/Prune messages (§4.9.5) to ALL-PIM-ROUTERS with Upstream Neighbor
# UPSTREAM: GROUPS groups from GROUP0 up, each with SOURCES (S,G) joins (sources from SOURCE0
# up), one group per message. Frames go out on an AF_PACKET socket (the IPv4 header is built
# here, TTL 1), so the sender is not slowed by the kernel's IP layer.
#
#   pim_join_storm.py hello IFNAME SRC
#   pim_join_storm.py joins IFNAME SRC UPSTREAM GROUP0 GROUPS SOURCE0 SOURCES
# `joins` prints "sent N (S,G) in M messages, start T0 end T1" (CLOCK_MONOTONIC seconds: one
# clock for every namespace, so the measuring side compares it with its own readings).
import socket
import struct
import sys
import time


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def addr(a):
    return socket.inet_aton(a)


def add(a, n):
    return struct.pack("!I", struct.unpack("!I", a)[0] + n)


def ip(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(payload), 0, 0, 1, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def pim(ptype, body):
    msg = struct.pack("!BBH", 0x20 | ptype, 0, 0) + body
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def hello():
    opts = struct.pack("!HHH", 1, 2, 105)  # Holdtime 105 s
    opts += struct.pack("!HHI", 19, 4, 0)  # DR priority 0: the router under test stays DR
    opts += struct.pack("!HHI", 20, 4, 0x51ED5EED)  # Generation ID
    return pim(0, opts)


def join_prune(upstream, group, sources):
    body = struct.pack("!BB4s", 1, 0, upstream) + struct.pack("!BBH", 0, 1, 210)
    body += struct.pack("!BBBB4s", 1, 0, 0, 32, group) + struct.pack("!HH", len(sources), 0)
    for s in sources:
        body += struct.pack("!BBBB4s", 1, 0, 0x4, 32, s)  # S bit; not WC, not RPT: (S,G)
    return pim(3, body)


def main():
    mode, ifname, src = sys.argv[1], sys.argv[2], addr(sys.argv[3])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    all_pim = addr("224.0.0.13")
    dst_mac = bytes([0x01, 0x00, 0x5E, 0x00, 0x00, 0x0D])
    if mode == "hello":
        s.sendto(ip(src, all_pim, 103, hello()), (ifname, 0x0800, 0, 0, dst_mac))
        return
    upstream, group0, groups = addr(sys.argv[4]), addr(sys.argv[5]), int(sys.argv[6])
    source0, sources = addr(sys.argv[7]), int(sys.argv[8])
    srcs = [add(source0, k) for k in range(sources)]
    frames = [ip(src, all_pim, 103, join_prune(upstream, add(group0, g), srcs)) for g in range(groups)]
    t0 = time.monotonic()
    for f in frames:
        while True:
            try:
                s.sendto(f, (ifname, 0x0800, 0, 0, dst_mac))
                break
            except BlockingIOError:
                time.sleep(0.0001)
    t1 = time.monotonic()
    print("sent %d (S,G) in %d messages, start %.6f end %.6f" % (groups * sources, groups, t0, t1))


if __name__ == "__main__":
    main()
