#!/usr/bin/env python3
"""Scaling harness (a benchmark, not a test): times `glossary-ls check` on inputs that were
once superlinear (issue: hardening), at n and 2n, and flags a ratio above 2.5.

Usage: scripts/scaling.py [BINARY] [--quick] [--only=TEXT]
  BINARY defaults to target/profiling/glossary-ls (cargo build --profile profiling).
Prints a Markdown table of wall and CPU times (user + system, the least of 5 runs); exits 1
when a CPU-time ratio is above 2.5. CPU time decides because it measures the work done:
on a shared machine the wall time also counts the waiting for a core, and the least of
several runs is the one other work disturbed least. --only=TEXT runs the inputs whose name
contains TEXT.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

RUNS = 5


def inline_definitions(n):
    # "Long Form (LF) uses LF." repeated in one paragraph, n lines.
    lines = []
    for i in range(n):
        short = "Q" + chr(65 + i % 26) + chr(65 + (i // 26) % 26)
        long = " ".join(w for w in ["Quick", chr(65 + i % 26) + "lpha", chr(65 + (i // 26) % 26) + "eta"])
        lines.append(f"{long} ({short}) uses {short}.")
    return {"doc.md": "\n".join(lines) + "\n"}, ["doc.md"]


def abbreviations(n):
    body = "".join(f"*[QA{i}]: Quality Assurance {i}\n" for i in range(n))
    return {"doc.md": "Text.\n\n" + body}, ["doc.md"]


def duplicate_aliases(n):
    out = []
    for i in range(n):
        aliases = ", ".join(f'"shared alias {j}"' for j in range(50))
        out.append(f'[[entries]]\nterm = "T{i}"\naliases = [{aliases}]\n')
    return {"g.toml": "\n".join(out), "doc.md": "Text.\n"}, ["--glossary", "g.toml", "doc.md"]


def duplicate_aliases_markdown(n):
    aliases = ", ".join(f"shared alias {j}" for j in range(50))
    out = [f"## T{i}\n\nAliases: {aliases}\n\nEntry {i}.\n" for i in range(n)]
    return {"g.md": "# Glossary\n\n" + "\n".join(out), "doc.md": "Text.\n"}, [
        "--glossary", "g.md", "doc.md"]


def single_line_definitions(n):
    # The inline definitions above, all on one line (the 9.3 MB case at n = 300,000).
    parts = []
    for i in range(n):
        a, b = chr(65 + i % 26), chr(65 + (i // 26) % 26)
        parts.append(f"Quick {a}lpha {b}eta (Q{a}{b}) uses Q{a}{b}.")
    return {"doc.md": " ".join(parts) + "\n"}, ["doc.md"]


def one_line_json(n):
    entries = ",".join(f'{{"term":"E{i}","summary":"s"}}' for i in range(n))
    return {"g.json": '{"entries":[' + entries + "]}", "doc.md": "Text.\n"}, [
        "--glossary", "g.json", "doc.md"]


def many_aliases(n):
    aliases = ", ".join(f'"alias {j}"' for j in range(n))
    return {"g.toml": f'[[entries]]\nterm = "T"\naliases = [{aliases}]\n', "doc.md": "Text.\n"}, [
        "--glossary", "g.toml", "doc.md"]


def broken_see_also(n):
    out = [f'[[entries]]\nterm = "E{i}"\nsee_also = ["missing {i}"]\n' for i in range(n)]
    return {"g.toml": "\n".join(out), "doc.md": "Text.\n"}, ["--glossary", "g.toml", "doc.md"]


def wide_table(n):
    # One table row of n cells: each column of a table is read once, not once per column.
    head = "|" + "|".join(f" c{i} " for i in range(n)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(n)) + "|\n"
    body = "|" + "|".join(f" 0x{i:x} " for i in range(n)) + "|\n"
    return {"doc.md": "Text.\n\n" + head + rule + body * 4}, ["doc.md"]


def suppression_comments(n):
    # n comments that each silence the next line, beside n findings of forbidden terms they
    # do not silence: each finding looks its comments up, it does not walk them all.
    blocks = [f"<!-- glossary-ls-disable-next-line undefined-acronym -->\nThe QA{i} and the master branch.\n"
              for i in range(n)]
    return {"doc.md": "Text.\n\n" + "\n".join(blocks)}, ["doc.md"]


def acronyms_one_paragraph(n):
    # Distinct unexplained acronyms in one long line: every check that looks back over the
    # text before a token must stay local.
    words = " ".join("Q" + chr(65 + i % 26) + chr(65 + (i // 26) % 26) + chr(65 + (i // 676) % 26)
                     for i in range(n))
    return {"doc.md": "Text " + words + ".\n"}, ["doc.md"]


CASES = [
    ("acronyms in one paragraph", acronyms_one_paragraph, 100_000),
    ("inline definitions in one paragraph", inline_definitions, 20_000),
    ("Markdown abbreviations", abbreviations, 25_000),
    ("entries sharing 50 aliases", duplicate_aliases, 1_000),
    ("entries sharing 50 aliases, Markdown glossary", duplicate_aliases_markdown, 1_000),
    ("inline definitions on one line", single_line_definitions, 100_000),
    ("single-line JSON glossary", one_line_json, 25_000),
    ("one entry with many aliases", many_aliases, 25_000),
    ("broken see_also", broken_see_also, 25_000),
    ("a table 4 rows deep and n columns wide", wide_table, 10_000),
    ("suppression comments beside findings", suppression_comments, 20_000),
]


def run_once(binary, d, args):
    """Wall and CPU seconds of one `check` run in folder `d`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary, "check", "--quiet", "--fail-on", "never", *args], cwd=d,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def time_case(binary, make, n):
    """(wall, CPU) at n and at 2n, the least of RUNS runs each; the runs at n and 2n
    alternate, so that a burst of other work on the machine hits both alike."""
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        cases = []
        for d, size in ((small, n), (large, 2 * n)):
            files, args = make(size)
            for name, text in files.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
            cases.append((d, args))
        runs = [[], []]
        for _ in range(RUNS):
            for i, (d, args) in enumerate(cases):
                runs[i].append(run_once(binary, d, args))
        return [(min(w for w, _ in r), min(c for _, c in r)) for r in runs]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), "")
    binary = os.path.abspath(args[0] if args else "target/profiling/glossary-ls")
    flagged = False
    print("| input | n | wall t(n) s | wall t(2n) s | CPU t(n) s | CPU t(2n) s | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, make, n in CASES:
        if only not in name:
            continue
        if quick:
            n //= 4
        (w1, c1), (w2, c2) = time_case(binary, make, n)
        ratio = c2 / c1 if c1 > 0 else float("inf")
        flag = " FLAG" if ratio > 2.5 else ""
        flagged |= bool(flag)
        print(f"| {name} | {n:,} | {w1:.3f} | {w2:.3f} | {c1:.3f} | {c2:.3f} | {ratio:.2f}{flag} |",
              flush=True)
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
