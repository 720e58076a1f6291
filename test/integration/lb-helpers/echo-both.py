#!/usr/bin/env python3
"""A VIP backend for tests: TCP and UDP on the given ports, each reply
"<name> <client address as seen here>" (so a test sees whether it was
masqueraded). Usage: echo-both.py NAME TCP_PORT UDP_PORT"""
import socket
import sys
import threading

name, tcp_port, udp_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def tcp():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('0.0.0.0', tcp_port))
    s.listen(64)
    while True:
        c, peer = s.accept()
        try:
            c.sendall(f'{name} {peer[0]}\n'.encode())
        finally:
            c.close()


def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('0.0.0.0', udp_port))
    while True:
        _, peer = s.recvfrom(2048)
        s.sendto(f'{name} {peer[0]}\n'.encode(), peer)


threading.Thread(target=tcp, daemon=True).start()
udp()
