#!/usr/bin/env python3
"""Benchmarks for `make bench`.

Each figure is a ratio measured in this one run, on this machine, against the
reference tool doing the same work on the same file: `age -e`, `age -d`,
`sha256sum`. The two tools are run alternately (evault, reference, evault, ...),
both writing a new file each time, so that a busy neighbour on a shared machine
disturbs both alike. Wall time is the best of N runs (the least disturbed), and
the median ratio is printed too; peak memory is the child's maximum resident
set size from wait4(2).
"""
import os, shutil, subprocess, sys, tempfile, time, json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAULT = os.path.join(ROOT, ".build", "release", "evault")
SIZE = int(os.environ.get("BENCH_BYTES", str(1 << 30)))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
LIST_ENTRIES = int(os.environ.get("BENCH_LIST_ENTRIES", "10000"))


CPU = {}  # argv[0:2] -> CPU seconds (user + system) of the last run


def run(argv, env=None, stdin=None, stdout=subprocess.DEVNULL):
    """Runs argv; returns (seconds, peak RSS in MiB). Raises on failure."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed: {err.strip()}")
    CPU[tuple(argv[:2])] = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024.0


def best(argv, before=None, **kw):
    times, mems = [], []
    for _ in range(RUNS):
        if before:
            before()
        t, m = run(argv, **kw)
        times.append(t)
        mems.append(m)
    return min(times), max(mems)


def alternate(a, b):
    """Runs a and b (each a (argv, before, kwargs) triple) alternately RUNS times.
    Returns (best a, best b, median of the per-round ratios a/b, peak RSS of a)."""
    ta, tb, ratios, mems, cpus = [], [], [], [], ([], [])
    for _ in range(RUNS):
        for (argv, before, kw), times, cpu_times in ((a, ta, cpus[0]), (b, tb, cpus[1])):
            if before:
                before()
            t, m = run(argv, **kw)
            times.append(t)
            cpu_times.append(CPU[tuple(argv[:2])])
            if times is ta:
                mems.append(m)
        ratios.append(ta[-1] / tb[-1])
    ratios.sort()
    # CPU time is less disturbed by neighbours than wall time: printed so that a
    # loaded machine's figures can be read (evault spreads its CPU time over the cores).
    print(f"  (CPU seconds, user+system, least of {RUNS}: {a[0][0].split('/')[-1]} {a[0][1]} {min(cpus[0]):.2f}, "
          f"{b[0][0].split('/')[-1]} {b[0][1]} {min(cpus[1]):.2f}; load average {os.getloadavg()[0]:.1f})")
    return min(ta), min(tb), ratios[len(ratios) // 2], max(mems)


def cpu():
    """The CPU model and whether it has SHA extensions (which make SHA-256 faster than encryption)."""
    model, sha = "unknown CPU", False
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and model == "unknown CPU":
                    model = line.split(":", 1)[1].strip()
                if line.startswith("flags") and " sha_ni" in line:
                    sha = True
    except OSError:
        pass
    return model, sha


def rm(*paths):
    for p in paths:
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)


def main():
    for tool in ("age", "age-keygen", "sha256sum"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is not installed (make deps installs it)")
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    work = tempfile.mkdtemp(prefix="evault-bench-", dir=shm)
    try:
        bench(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def new_vault(work, name):
    """A new vault under work/ with its own key file: (environment, key path, vault path)."""
    vault, key = os.path.join(work, name), os.path.join(work, name + ".key")
    env = dict(os.environ, EVAULT_VAULT=vault, EVAULT_KEYFILE=key)
    subprocess.run([EVAULT, "init", "--keyfile", key], env=env, check=True, stdout=subprocess.DEVNULL)
    return env, key, vault


def bench(work):
    env, key, vault = new_vault(work, "vault")
    recipient = subprocess.run([EVAULT, "keys", "show"], env=env, check=True, capture_output=True, text=True)\
        .stdout.split("age recipient:")[1].split()[0]

    src = os.path.join(work, "input.bin")
    with open(src, "wb") as f:
        chunk = os.urandom(1 << 20)
        for _ in range(SIZE >> 20):
            f.write(chunk)
    gib = SIZE / (1 << 30)
    model, sha = cpu()
    print(f"evault bench: {SIZE >> 20} MiB file on {os.path.dirname(src)}, best of {RUNS} alternating runs")
    print(f"CPU: {model}, {os.cpu_count()} cores, SHA extensions (sha_ni): {'yes' if sha else 'no'}")
    print(f"{'what':44} {'evault':>10} {'reference':>10} {'ratio':>7}  {'evault peak RSS':>15}")

    def row(what, t, ref, mem=None, ref_name="", median=None):
        ratio = t / ref if ref else float("nan")
        m = f"{mem:.1f} MiB" if mem is not None else ""
        med = f"  (median {median:.2f}x)" if median is not None else ""
        print(f"{what:44} {t:9.3f}s {ref:9.3f}s {ratio:6.2f}x  {m:>15}   {ref_name}{med}")
        return ratio

    # Seal (encrypt + SHA-256 + tar framing) against age -e, alternately, both writing new files.
    age_out = os.path.join(work, "age.out")

    def clear_entries():
        rm(os.path.join(vault, "entries"), os.path.join(vault, "index.age"))
        os.mkdir(os.path.join(vault, "entries"), 0o700)
    t_seal, t_age_e, med_seal, m_seal = alternate(
        ([EVAULT, "seal", "--quiet", src], clear_entries, {"env": env}),
        (["age", "-e", "-r", recipient, "-o", age_out, src], lambda: rm(age_out), {}))
    seal_ratio = row(f"seal {gib:.2f} GiB (with SHA-256)", t_seal, t_age_e, m_seal, "age -e -r", med_seal)

    entry_id = json.loads(subprocess.run([EVAULT, "list", "--json"], env=env, check=True, capture_output=True).stdout)[0]["id"]
    out = os.path.join(work, "opened.bin")
    t_open, t_age_d, med_open, m_open = alternate(
        ([EVAULT, "open", "--quiet", entry_id, "-o", out], lambda: rm(out), {"env": env}),
        (["age", "-d", "-i", key, "-o", out, age_out], lambda: rm(out), {}))
    open_ratio = row(f"open {gib:.2f} GiB", t_open, t_age_d, m_open, "age -d -i", med_open)
    rm(out, age_out)

    # verify of the whole vault (this one entry): every chunk decrypted and every member
    # hashed, against age -d of the same entry file, which only decrypts.
    # A fresh vault: the bench vault's custody log names the entries cleared between rounds.
    v_env, v_key, v_vault = new_vault(work, "vault-verify")
    subprocess.run([EVAULT, "seal", "--quiet", src], env=v_env, check=True, stdout=subprocess.DEVNULL)
    v_id = json.loads(subprocess.run([EVAULT, "list", "--json"], env=v_env, check=True, capture_output=True).stdout)[0]["id"]
    entry_file = os.path.join(v_vault, "entries", v_id + ".age")
    t_vv, t_vv_age, med_vv, m_vv = alternate(([EVAULT, "verify", "--quiet"], None, {"env": v_env}),
                                             (["age", "-d", "-i", v_key, "-o", "/dev/null", entry_file], None, {}))
    vv_ratio = row(f"verify (vault of one {gib:.2f} GiB entry)", t_vv, t_vv_age, m_vv, "age -d -i", med_vv)

    # SHA-256 alone: what bounds sealing on machines without SHA extensions.
    t_verify, t_sum, med_verify, m_verify = alternate(([EVAULT, "verify", src], None, {"env": env}), (["sha256sum", src], None, {}))
    row(f"verify FILE ({gib:.2f} GiB SHA-256 + lookup)", t_verify, t_sum, m_verify, "sha256sum", med_verify)
    rm(src)

    # list over many entries, with a key file, from the index (a fresh vault, whose log names only them).
    env, _, vault = new_vault(work, "vault-many")
    files_dir = os.path.join(work, "many")
    os.mkdir(files_dir)
    paths = []
    for i in range(LIST_ENTRIES):
        p = os.path.join(files_dir, f"note-{i:05}.bin")
        with open(p, "wb") as f:
            f.write(os.urandom(64))
        paths.append(p)
    t0 = time.perf_counter()
    for i in range(0, len(paths), 2000):
        subprocess.run([EVAULT, "seal", "--tag", "bench"] + paths[i:i + 2000], env=env, check=True, stdout=subprocess.DEVNULL)
    t_fill = time.perf_counter() - t0
    t_list, m_list = best([EVAULT, "list"], env=env)
    t_json, _ = best([EVAULT, "list", "--json"], env=env)
    print(f"{'list ' + str(LIST_ENTRIES) + ' entries (key file)':44} {t_list:9.3f}s {'':>10} {'':>7}  {m_list:10.1f} MiB   target 0.300 s")
    print(f"{'list --json ' + str(LIST_ENTRIES) + ' entries':44} {t_json:9.3f}s")
    print(f"{'(sealing them took)':44} {t_fill:9.3f}s  {LIST_ENTRIES / t_fill:.0f} entries/s")
    rm(os.path.join(vault, "index.age"))
    t_cold, _ = run([EVAULT, "list"], env=env)
    print(f"{'list, index deleted (rebuild from entries)':44} {t_cold:9.3f}s")

    # verify of the whole vault of many small entries: one entry per core at once.
    t_many, _ = run([EVAULT, "verify", "--quiet"], env=env)
    cpu_many = CPU[(EVAULT, "verify")]
    print(f"{'verify ' + str(LIST_ENTRIES) + ' entries (whole vault)':44} {t_many:9.3f}s   "
          f"CPU {cpu_many:.2f} s = {cpu_many / t_many:.2f} of {os.cpu_count()} cores busy")

    # Where sealing's CPU time goes: SHA-256 and ChaCha20-Poly1305, each on one core.
    for flag in ("--hash-megabytes", "--aead-megabytes"):
        r = subprocess.run([EVAULT, "bench", flag, "256"], capture_output=True, text=True)
        if r.returncode == 0:
            print(r.stdout.strip())

    # Identity stripping throughput.
    r = subprocess.run([EVAULT, "bench", "--megabytes", "20", "--identities", "1000"], capture_output=True, text=True)
    if r.returncode == 0:
        print(r.stdout.strip())

    clean_summary = bench_clean(work)

    print()
    print(clean_summary)
    print(f"seal takes {t_seal / t_verify:.2f}x the time of SHA-256 alone over the same file (evault verify FILE): "
          "on a CPU without SHA extensions, hashing bounds sealing (target: at most 1.10x there)")
    print(f"summary ({model}, sha_ni {'yes' if sha else 'no'}, load average {os.getloadavg()[0]:.1f}): "
          f"seal {seal_ratio:.2f}x age -e (median {med_seal:.2f}x), "
          f"open {open_ratio:.2f}x age -d (median {med_open:.2f}x), verify {vv_ratio:.2f}x age -d (median {med_vv:.2f}x), "
          f"peak RSS seal {m_seal:.1f} MiB / open {m_open:.1f} MiB, list {LIST_ENTRIES} in {t_list * 1000:.0f} ms")


CLEAN_BENCH = os.path.join(ROOT, ".build", "release", "mediaclean-bench")


def clean_fixtures(work):
    """The same five files for evault's cleaner and mat2, with planted metadata."""
    d = os.path.join(work, "clean")
    os.mkdir(d)
    q = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    jpg, png, mp4 = (os.path.join(d, n) for n in ("photo.jpg", "scan.png", "clip.mp4"))
    subprocess.run(["ffmpeg", "-f", "lavfi", "-i", "testsrc2=size=4000x3000", "-frames:v", "1", "-q:v", "3", jpg], **q)
    subprocess.run(["ffmpeg", "-f", "lavfi", "-i", "testsrc2=size=2000x1500", "-frames:v", "1", png], **q)
    subprocess.run(["ffmpeg", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine",
                    "-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", mp4], **q)
    for f in (jpg, png, mp4):
        subprocess.run(["exiftool", "-q", "-overwrite_original", "-Artist=Amira Haddad", "-XMP-dc:Creator=Amira Haddad",
                        "-GPSLatitude=48.85", "-GPSLatitudeRef=N", f], **q)
    # A 20-page text PDF naming someone on page 1 (so one page is rebuilt as an image).
    objs, kids = [], []
    for i in range(20):
        text = "Statement of Amira Haddad." if i == 0 else f"Page {i + 1} of the report, with ordinary text."
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {4 + 2 * i + 1} 0 R >>")
        objs.append(f"<< /Length {len(stream)} >> stream\n{stream}\nendstream")
        kids.append(f"{4 + 2 * i} 0 R")
    body = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count 20 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] + objs
    raw = "%PDF-1.7\n" + "".join(f"{n + 1} 0 obj {o} endobj\n" for n, o in enumerate(body))
    raw += f"trailer << /Size {len(body) + 1} /Root 1 0 R /Info << /Author (Amira Haddad) >> >>\n%%EOF\n"
    pdf_raw, pdf = os.path.join(d, "raw.pdf"), os.path.join(d, "report.pdf")
    with open(pdf_raw, "w") as f:
        f.write(raw)
    subprocess.run(["qpdf", pdf_raw, pdf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rm(pdf_raw)
    # A Word file: 2,000 paragraphs, properties naming the author.
    import zipfile
    docx = os.path.join(d, "letter.docx")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paras = "".join(f'<w:p w:rsidR="00A1B2C3"><w:r><w:t>Paragraph {i} mentions Amira Haddad and the river.</w:t></w:r></w:p>'
                    for i in range(2000))
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType='
                   '"application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
        z.writestr("docProps/core.xml", '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                   'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Amira Haddad'
                   '</dc:creator></cp:coreProperties>')
        z.writestr("word/document.xml", f"<w:document {w}><w:body>{paras}</w:body></w:document>")
    return [jpg, png, pdf, docx, mp4]


def bench_clean(work):
    """Cleaning the same files with evault's cleaner and with mat2, alternating."""
    for tool in ("mat2", "ffmpeg", "exiftool", "qpdf"):
        if not shutil.which(tool):
            return f"clean: skipped, {tool} is not installed (make deps installs it)"
    if not os.path.exists(CLEAN_BENCH):
        return "clean: skipped, .build/release/mediaclean-bench is missing (make release builds it)"
    files = clean_fixtures(work)
    runs = int(os.environ.get("BENCH_CLEAN_RUNS", "3"))
    ratios = []
    print(f"{'clean (same file, best of ' + str(runs) + ', alternating)':44} {'evault':>10} {'mat2':>10} {'faster':>7}")
    for path in files:
        base, ext = os.path.splitext(path)
        mat2_out = f"{base}.cleaned{ext}"
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(run([CLEAN_BENCH, "--redact", "Amira Haddad", path])[0])
            rm(mat2_out)
            theirs.append(run(["mat2", path])[0])
        rm(mat2_out)
        t, ref = min(ours), min(theirs)
        kib = os.path.getsize(path) >> 10
        ratios.append((ext[1:], ref / t))
        print(f"{'clean ' + os.path.basename(path) + f' ({kib} KiB)':44} {t:9.3f}s {ref:9.3f}s {ref / t:6.1f}x")
    return "clean vs mat2 (times faster): " + ", ".join(f"{e} {r:.1f}x" for e, r in ratios)


if __name__ == "__main__":
    main()
