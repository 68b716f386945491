#!/usr/bin/env python3
"""Writes fuzz_dispatch's seeds into FOLDER: one file per replayed example in
docs/PROTOCOL.md (its requests, framed as a browser frames them), so the
fuzzer starts from every method's real use, and stays in step with the
document.

Usage: dispatch_seeds.py FOLDER
"""
import json
import os
import re
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return struct.pack("=I", len(body)) + body


def main(folder):
    with open(os.path.join(ROOT, "docs", "PROTOCOL.md"), encoding="utf-8") as f:
        text = f.read()
    os.makedirs(folder, exist_ok=True)
    count = 0
    for count, block in enumerate(re.findall(r"```replay\n(.*?)```", text, re.S), 1):
        requests = [json.loads(line[3:]) for line in block.splitlines() if line.startswith("-> ")]
        with open(os.path.join(folder, "protocol-%02d" % count), "wb") as f:
            f.write(b"".join(frame(r) for r in requests))
    print("%d seeds from docs/PROTOCOL.md" % count)
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
