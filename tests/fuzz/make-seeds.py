#!/usr/bin/env python3
"""Writes unminimised seed inputs for every fuzz target into OUT/<target>/, from tests/fixtures.

The fixtures are cut into small pieces (a fuzzer mutates a 2 KiB input far faster than a 60 KiB
one, and every piece keeps the shapes of its lines); the kabi and NTP trailer seeds are built
here from the kernel's and the RFCs' layouts, since no fixture holds raw structs or MACs.
`run-fuzzers.sh FUZZ_DIR --merge OUT` merges them into tests/fuzz/corpus (libFuzzer -merge=1).
Usage: make-seeds.py OUT
"""
import hashlib
import json
import pathlib
import struct
import sys

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


def write(out, target, content):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(content).hexdigest()).write_bytes(content)


def chunks(lines, size):
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def trace_seeds(out):
    for path in sorted((FIXTURES / "lab").glob("*.trace")):
        lines = path.read_bytes().splitlines(keepends=True)
        header, events, footer = lines[0], lines[1:-1], lines[-1]
        for piece in chunks(events, 8):
            write(out, "trace_reader", header + b"".join(piece) + footer)
        write(out, "trace_reader", header)


def strace_seeds(out):
    for path in sorted((FIXTURES / "strace").glob("*.strace")):
        lines = path.read_bytes().splitlines(keepends=True)
        for piece in chunks(lines, 16):
            write(out, "strace_file", b"".join(piece))
        for piece in chunks(lines, 8):
            write(out, "strace_line", b"".join(piece))


def pcap_seeds(out):
    for path in sorted((FIXTURES / "pcap").glob("*.pcap*")):
        write(out, "pcap", path.read_bytes())


def ntp_header(mode, stratum=2, refid=b"\xc0\x00\x02\x01"):
    first = (0 << 6) | (4 << 3) | mode
    return struct.pack(">BBbbII4s", first, stratum, 6, -20, 0x100, 0x200, refid) + bytes(range(32))


def extension(field_type, body):
    return struct.pack(">HH", field_type, 4 + len(body)) + body


def ntp_seeds(out):
    # The datagrams the fixtures' traces hold, after the target's two wire-length bytes.
    for path in sorted((FIXTURES / "lab").glob("*.trace")):
        for line in path.read_text().splitlines()[1:-1]:
            data = json.loads(line).get("data")
            if data:
                write(out, "ntp_packet", b"\0\0" + bytes.fromhex(data))
    packets = [
        ntp_header(3) + struct.pack(">I", 7) + bytes(16),             # MD5 MAC
        ntp_header(4) + struct.pack(">I", 7) + bytes(20),             # SHA1 MAC
        ntp_header(4) + struct.pack(">I", 0),                         # crypto-NAK
        ntp_header(4, 0, b"RATE"),                                    # Kiss-o'-Death
        ntp_header(3) + extension(0x0104, bytes(32)) + extension(0x0204, bytes(96))
        + extension(0x0404, struct.pack(">HH", 16, 0) + bytes(32)),   # NTS request
        struct.pack(">BBHHHHH", 0x16, 0x82, 1, 0, 0, 0, 4) + b"ok\r\n",  # mode 6 response
    ]
    for packet in packets:
        write(out, "ntp_packet", b"\0\0" + packet)
        write(out, "ntp_packet", struct.pack(">H", len(packet) + 40) + packet)  # snapped


def cmsg(level, kind, body):
    header = struct.pack("<QII", 16 + len(body), level, kind)
    padding = bytes(-len(body) % 8)
    return header + body + padding


def kabi_seeds(out):
    write(out, "kabi", struct.pack("<H", 2) + struct.pack(">H4s", 123, bytes([127, 0, 0, 1])) + bytes(8))
    write(out, "kabi", struct.pack("<H", 10) + struct.pack(">HI16sI", 123, 0, bytes(15) + b"\1", 0))
    write(out, "kabi", cmsg(1, 35, struct.pack("<qq", 1_700_000_000, 5))
          + cmsg(0, 8, struct.pack("<i4s4s", 2, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))))
    write(out, "kabi", cmsg(1, 37, struct.pack("<qqqqqq", 1, 2, 3, 4, 5, 6))
          + cmsg(41, 50, bytes(15) + b"\1" + struct.pack("<i", 2)))
    write(out, "kabi", struct.pack("<Iiqqqqqqqqqqqqqqqqqqi", 1, 0, 500, 0, 16, 8, 6, 2, 1, 512, 1,
                                   10_000, 0, 0, 4, 0, 0, 0, 0, 0, 37).ljust(208, b"\0"))
    # setsockopt: level, option name, then optval.
    write(out, "kabi", struct.pack("<ii", 0, 35) + bytes([224, 0, 1, 1, 0, 0, 0, 0]) + struct.pack("<i", 2))
    write(out, "kabi", struct.pack("<ii", 0, 39) + bytes([224, 0, 1, 1, 10, 0, 0, 1, 10, 0, 0, 2]))
    write(out, "kabi", struct.pack("<ii", 41, 20) + b"\xff\x02" + bytes(13) + b"\1" + struct.pack("<i", 2))
    write(out, "kabi", struct.pack("<ii", 1, 42) + struct.pack("<i", 1))
    write(out, "kabi", struct.pack("<ii", 0, 32) + bytes([10, 0, 0, 1]))


def main():
    out = pathlib.Path(sys.argv[1])
    for seeds in (trace_seeds, strace_seeds, pcap_seeds, ntp_seeds, kabi_seeds):
        seeds(out)


if __name__ == "__main__":
    main()
