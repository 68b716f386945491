"""A small client for tact-host's native messaging protocol (docs/PROTOCOL.md).

Frames requests the way a browser does and reads the answers back, joining
answers split over several frames. Standard library only; used by the demo
and by the test harness.
"""
import json
import struct

FRAME_MAX_OUT = 1024 * 1024


def frame(body):
    """One frame: a 32-bit length in native byte order, then UTF-8 JSON."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return struct.pack("=I", len(body)) + body


def request(rid, rtype, params=None):
    msg = {"v": 1, "id": rid, "type": rtype}
    if params is not None:
        msg["params"] = params
    return frame(msg)


def parse_frames(data):
    """Splits the host's output into frames; fails loudly on anything else."""
    out, pos = [], 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise AssertionError("output ends inside a frame header at byte %d" % pos)
        (length,) = struct.unpack("=I", data[pos:pos + 4])
        if length > FRAME_MAX_OUT:
            raise AssertionError("frame of %d bytes exceeds the browsers' limit" % length)
        if pos + 4 + length > len(data):
            raise AssertionError("output ends inside a frame body at byte %d" % pos)
        out.append(json.loads(data[pos + 4:pos + 4 + length].decode("utf-8")))
        pos += 4 + length
    return out


def join_parts(frames):
    """Groups frames into whole answers, following "part" and "more"."""
    answers, pending = [], None
    for f in frames:
        if pending is None:
            pending = f
        else:
            assert f["id"] == pending["id"], "parts of different answers interleaved"
            assert f["part"] == pending["part"] + 1, "parts out of order"
            for key, value in f["result"].items():
                if isinstance(value, list):
                    pending["result"][key] = pending["result"][key] + value
            pending["part"], pending["more"] = f["part"], f["more"]
        if not pending.get("more"):
            pending.pop("more", None)
            pending.pop("part", None)
            answers.append(pending)
            pending = None
    assert pending is None, "the last answer announced more parts"
    return answers
