#!/usr/bin/env python3
"""Fails on any #include that goes up the layer order or sideways between siblings.

The order (docs/architecture.md), lowest first; areas on one rank are siblings:
  core: {model, json} < {ntp, kabi} < trace < {import, analysis, export} < diff < fleet < report
  then probe (core only), app (core and probe), cli (app; core's model for its vocabulary).
The BPF ABI header is seen by bpf/ and probe only.

Usage: check_layers.py SRC_DIR   (prints each bad include as FILE:LINE: message, exits 1)
"""
import pathlib
import re
import sys

RANK = {
    "core/model": 0, "core/json": 0,
    "core/ntp": 1, "core/kabi": 1,
    "core/trace": 2,
    "core/import": 3, "core/analysis": 3, "core/export": 3,
    "core/diff": 4,
    "core/fleet": 5,
    "core/report": 6,
    "probe": 7,
    "app": 8,
    "cli": 9,
}
ABI_USERS = {"probe"}
# The CLI parses and prints: it reaches core only through app, but for the model's vocabulary.
CLI_MAY_SKIP_TO = {"core/model"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def area_of(relative: str):
    parts = relative.split("/")
    if parts[0] == "core" and len(parts) > 2:
        return "core/" + parts[1]
    return parts[0] if parts[0] in RANK else None


def problems(src: pathlib.Path):
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".hpp", ".cpp", ".h", ".c"):
            continue
        relative = path.relative_to(src).as_posix()
        here = area_of(relative)
        if here is None:
            yield f"{path}:1: not in any layer (add its folder to cmake/check_layers.py and docs/architecture.md)"
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            if target == "ntpscope_abi.h" or target.endswith(".skel.h"):
                if here not in ABI_USERS:
                    yield f"{path}:{number}: {here} includes the BPF ABI ({target}); only probe may"
                continue
            there = area_of(target)
            if there is None or there == here:
                continue
            if RANK[there] > RANK[here]:
                yield f"{path}:{number}: {here} includes {target}, from the higher layer {there}"
            elif RANK[there] == RANK[here]:
                yield f"{path}:{number}: {here} includes {target}, from its sibling {there}"
            elif here == "cli" and (there == "probe" or there.startswith("core/")) and there not in CLI_MAY_SKIP_TO:
                yield f"{path}:{number}: cli includes {target}: go through app"


def main():
    found = list(problems(pathlib.Path(sys.argv[1])))
    for p in found:
        print(p)
    if found:
        print(f"check_layers: {len(found)} include(s) break the layer order (docs/architecture.md)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
