#!/usr/bin/env python3
"""Custody log speed, for `make bench` (issue 8 "Speed").

Builds a vault whose log holds LOG_SEGMENTS segments of LOG_EVENTS events
(`evault bench --log-segments`, as that many commands would write them), then
times, best of BENCH_RUNS: `verify` (reads every segment, never the cache),
appending one event (`keep add`, and `seal` of a small file) with the log cache
warm and cold, and `prove`; the same appends on a vault with an empty log give
what the log's size adds. Wall and CPU (user + system) seconds; the load
average is printed, since the machine may be shared.
"""
import json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAULT = os.environ.get("EVAULT_BIN", os.path.join(ROOT, ".build", "release", "evault"))
SEGMENTS = int(os.environ.get("LOG_SEGMENTS", "10000"))
EVENTS = int(os.environ.get("LOG_EVENTS", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def run(argv, env, check=True):
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        sys.exit(f"bench-log: {' '.join(argv[1:3])} failed ({code}): {err.strip()}")
    return wall, usage.ru_utime + usage.ru_stime, out


def best(argv, env, before=None):
    walls, cpus = [], []
    for _ in range(RUNS):
        if before:
            before()
        w, c, _ = run(argv, env)
        walls.append(w)
        cpus.append(c)
    return min(walls), min(cpus)


def make_vault(work, name):
    vault, key = os.path.join(work, name), os.path.join(work, name + ".key")
    env = dict(os.environ, EVAULT_VAULT=vault, EVAULT_KEYFILE=key, XDG_STATE_HOME=os.path.join(work, name + "-state"))
    run([EVAULT, "init", "--keyfile", key], env)
    return env


def main():
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    work = tempfile.mkdtemp(prefix="evault-bench-log-", dir=shm)
    try:
        bench(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(work):
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    print(f"custody log: {SEGMENTS} segments of {EVENTS} events ({SEGMENTS * EVENTS} events), best of {RUNS}; "
          f"CPU {model}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    doc = os.path.join(work, "doc.txt")
    with open(doc, "w") as f:
        f.write("a small document\n")

    small = make_vault(work, "small")
    big = make_vault(work, "big")
    t0 = time.perf_counter()
    _, fill_cpu, _ = run([EVAULT, "bench", "--log-segments", str(SEGMENTS), "--log-events", str(EVENTS)], big)
    print(f"{'generating the log (one process)':48} {time.perf_counter() - t0:8.2f}s wall {fill_cpu:8.2f}s CPU")

    def row(what, wall, cpu, target=""):
        print(f"{what:48} {wall * 1000:8.1f}ms wall {cpu * 1000:8.1f}ms CPU  {target}")

    counter = [0]

    def keep_add(env):
        counter[0] += 1
        return [EVAULT, "keep", "add", f"Bench Person {counter[0]}"]

    results = {}
    for label, env in (("empty log", small), (f"{SEGMENTS * EVENTS} events", big)):
        run(keep_add(env), env)  # warms the cache (the first command after generating reads it)
        walls, cpus = [], []
        for _ in range(RUNS):
            w, c, _ = run(keep_add(env), env)
            walls.append(w)
            cpus.append(c)
        results[("keep", label)] = (min(walls), min(cpus))
        row(f"keep add (one event), {label}", min(walls), min(cpus))
        w, c = best([EVAULT, "seal", "--quiet", doc], env)
        results[("seal", label)] = (w, c)
        row(f"seal small file, {label}", w, c)
    for what in ("keep", "seal"):
        dw = results[(what, f"{SEGMENTS * EVENTS} events")][1] - results[(what, "empty log")][1]
        print(f"{'  ' + what + ': CPU the log size adds':48} {dw * 1000:8.1f}ms   (target: appending adds ~1 ms)")

    w, c = best(keep_add(big), big, before=lambda: run([EVAULT, "bench", "--drop-log-cache"], big))
    row("keep add, log cache dropped (first after sync)", w, c)

    w, c = best([EVAULT, "verify"], big)
    row(f"verify, {SEGMENTS * EVENTS} events (no cache)", w, c, "target 5000 ms")
    entry = json.loads(run([EVAULT, "list", "--json"], big)[2])[0]["id"]
    out = os.path.join(work, "p.proof")
    w, c = best([EVAULT, "prove", entry, "-o", out], big, before=lambda: os.path.exists(out) and os.remove(out))
    row("prove (seal event)", w, c)
    w, c = best([EVAULT, "checkpoint"], big)
    row("checkpoint", w, c)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
