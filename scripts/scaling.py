#!/usr/bin/env python3
"""Scaling harness (a benchmark, not a test): times `glossary-ls check` on inputs that were
once superlinear (issue: hardening), at n and 2n, and flags a ratio above 2.5.

Usage: scripts/scaling.py [BINARY] [--quick]
  BINARY defaults to target/profiling/glossary-ls (cargo build --profile profiling).
Prints a Markdown table; exits 1 when any ratio is above 2.5.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3


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
]


def time_case(binary, make, n):
    files, args = make(n)
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([binary, "check", "--quiet", "--fail-on", "never", *args], cwd=d,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    binary = os.path.abspath(args[0] if args else "target/profiling/glossary-ls")
    flagged = False
    print("| input | n | t(n) s | t(2n) s | ratio |")
    print("|---|---|---|---|---|")
    for name, make, n in CASES:
        if quick:
            n //= 4
        t1 = time_case(binary, make, n)
        t2 = time_case(binary, make, 2 * n)
        ratio = t2 / t1 if t1 > 0 else float("inf")
        flag = " FLAG" if ratio > 2.5 else ""
        flagged |= bool(flag)
        print(f"| {name} | {n} | {t1:.3f} | {t2:.3f} | {ratio:.2f}{flag} |", flush=True)
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
