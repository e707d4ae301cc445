#!/usr/bin/env python3
"""Summarise a dotnet-trace speedscope file: where sampled time goes, grouped by component.

usage: top-frames.py trace.speedscope.json [N]
Inclusive time per frame (each frame counted once per stack), over all threads; stacks whose leaf is an
idle wait are dropped so the shares approximate CPU, not wall time.
"""
import json, sys, collections

IDLE = ("WaitHandle", "Monitor.Wait", "Thread.Sleep", "LowLevelLifoSemaphore", "WaitForSignal", "WaitOne",
        "epoll_wait", "SpinWait", "Interop+Sys.WaitForSocketEvents", "Interop+Sys.Poll", "CLR_WAIT", "UNMANAGED_CODE_TIME")
GROUPS = [
    ("Orleans client (call, serialization, messaging)", ("Orleans.",)),
    ("Redis limiter (StackExchange.Redis + ours)", ("StackExchange.Redis", "RedisRateLimiter")),
    ("API-key auth (SHA-256, cache)", ("ApiKeyAuthentication", "System.Security.Cryptography", "MemoryCache")),
    ("usage counting", ("UsageRecorder",)),
    ("JSON (System.Text.Json)", ("System.Text.Json",)),
    ("Kestrel / HTTP / routing", ("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Http")),
    ("sockets / IO", ("System.Net.Sockets", "System.IO.Pipelines")),
    ("GC", ("GC", "gc_heap")),
]

def main():
    doc = json.load(open(sys.argv[1]))
    frames = [f["name"] for f in doc["shared"]["frames"]]
    inclusive = collections.Counter()
    total = 0.0
    for prof in doc["profiles"]:
        if prof.get("type") == "sampled":
            for stack, weight in zip(prof["samples"], prof["weights"]):
                names = [frames[i] for i in stack]
                if not names or any(k in names[-1] for k in IDLE):
                    continue
                total += weight
                for n in set(names):
                    inclusive[n] += weight
        else:  # evented: open/close events form the stacks
            stack, last = [], None
            for ev in prof["events"]:
                at = ev["at"]
                if stack and last is not None and at > last:
                    names = [frames[i] for i in stack]
                    if not any(k in names[-1] for k in IDLE):
                        total += at - last
                        for n in set(names):
                            inclusive[n] += at - last
                last = at
                if ev["type"] == "O":
                    stack.append(ev["frame"])
                elif stack:
                    stack.pop()
    if total == 0:
        print("no samples"); return
    print(f"busy samples: {total:.0f} (units of the trace)")
    for label, keys in GROUPS:
        share = max((w for n, w in inclusive.items() if any(n.startswith(k) or k in n for k in keys)), default=0)
        print(f"  {label:<50} ~{100 * share / total:5.1f} % (largest single frame)")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    print("top inclusive frames:")
    for name, w in inclusive.most_common(n):
        print(f"  {100 * w / total:5.1f} %  {name[:150]}")

main()
