#!/usr/bin/env python3
"""Minimal ICMP echo (no iputils ping on the test machine): icmp-ping.py ADDR [TOTAL_BYTES] [--df].
Exit 0 on a reply within 2 s, 1 on timeout, 2 when the kernel refuses the size (EMSGSIZE, DF)."""
import os, socket, struct, sys, time, errno

def checksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff

addr = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 84
df = '--df' in sys.argv
payload = b'm' * max(0, total - 28)
ident = os.getpid() & 0xffff
hdr = struct.pack('!BBHHH', 8, 0, 0, ident, 1)
pkt = struct.pack('!BBHHH', 8, 0, checksum(hdr + payload), ident, 1) + payload
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
if df:
    s.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO
s.settimeout(2)
try:
    s.sendto(pkt, (addr, 0))
except OSError as e:
    if e.errno == errno.EMSGSIZE:
        print('message too long: %d bytes exceed the path MTU' % total)
        sys.exit(2)
    print('cannot send to %s: %s' % (addr, e.strerror))
    sys.exit(1)
deadline = time.time() + 2
while time.time() < deadline:
    try:
        data, src = s.recvfrom(65535)
    except socket.timeout:
        break
    ihl = (data[0] & 15) * 4
    t, _, _, rid, _ = struct.unpack('!BBHHH', data[ihl:ihl + 8])
    if t == 0 and rid == ident and src[0] == addr:
        print('%d bytes from %s' % (len(data), addr))
        sys.exit(0)
print('no reply from %s' % addr)
sys.exit(1)
