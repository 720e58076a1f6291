#!/usr/bin/env python3
"""One request to ADDR:PORT over tcp or udp; prints the reply, exits 1 when
none comes within 2 s. Usage: vip-client.py tcp|udp ADDR PORT"""
import socket
import sys

proto, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    if proto == 'tcp':
        s = socket.create_connection((addr, port), timeout=2)
        print(s.recv(200).decode().strip())
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        s.sendto(b'hi', (addr, port))
        print(s.recvfrom(200)[0].decode().strip())
except OSError as e:
    print(f'no reply: {e}', file=sys.stderr)
    sys.exit(1)
