#!/usr/bin/env python3
"""Scores glossary-ls's in-document definitions on Ab3P's MED1250 gold standard.

Each record's title and abstract go to `examples/abbreviations.rs` as plain text (two
lines of one paragraph); its `SF|LF` pairs are compared with the gold `  SF|LF` lines
(lines starting with `//` are annotators' comments, not gold). A pair is right when the
short form is the same and the long forms are equal ignoring case, with whitespace
collapsed. Ab3P's own output (`identify_abbr-out`) is scored the same way.

    python3 eval/med1250.py            # build the example (debug build: fast enough) and score
    python3 eval/med1250.py -v         # also list every wrong pair and every miss
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "med1250")


def records(path):
    """(pmid, text lines, gold pairs) per record (the files are Latin-1). A record starts
    with a line holding only its PMID after a blank line; a few abstracts have blank lines."""
    with open(path, encoding="latin-1") as f:
        lines = f.read().split("\n")
    out, blank = [], True
    for line in lines:
        if blank and line.strip().isdigit():
            out.append((line.strip(), [], []))
        elif out and line.strip() and not line.startswith("//"):
            if line.startswith("  ") and "|" in line:
                parts = line.strip().split("|")
                out[-1][2].append((parts[0], parts[1]))
            else:
                out[-1][1].append(line)
        blank = not line.strip()
    return out


def norm(pair):
    short, long = pair
    return short.strip(), " ".join(long.split()).lower()


def score(gold, found, verbose, label):
    tp = fp = fn = 0
    for pmid in gold:
        g = {norm(p) for p in gold[pmid]}
        f = {norm(p) for p in found.get(pmid, [])}
        tp += len(g & f)
        fp += len(f - g)
        fn += len(g - f)
        if verbose:
            for p in sorted(f - g):
                print(f"  {label} wrong {pmid[1]}: {p[0]}|{p[1]}")
            for p in sorted(g - f):
                print(f"  {label} miss  {pmid[1]}: {p[0]}|{p[1]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use the built example as is")
    args = ap.parse_args()

    labeled = records(os.path.join(DATA, "MED1250_labeled"))
    # Keyed by position: two PMIDs appear twice.
    gold = {(n, pmid): pairs for n, (pmid, _, pairs) in enumerate(labeled)}

    if not args.no_build:
        subprocess.run(
            ["cargo", "build", "--example", "abbreviations", "--quiet"],
            cwd=ROOT,
            check=True,
        )
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    exe = os.path.join(target, "debug", "examples", "abbreviations")
    stdin = "\n%%\n".join("\n".join(text) for _, text, _ in labeled)
    run = subprocess.run(
        [exe, "--records"], input=stdin, capture_output=True, text=True, check=True
    )
    found, current = {}, None
    for line in run.stdout.split("\n"):
        if line.startswith("## "):
            n = int(line[3:]) - 1
            current = (n, labeled[n][0])
            found[current] = []
        elif line and current is not None and "|" in line:
            short, long = line.split("|", 1)
            found[current].append((short, long))

    ab3p_records = records(os.path.join(DATA, "identify_abbr-out"))
    assert [r[0] for r in ab3p_records] == [r[0] for r in labeled], "records out of step"
    ab3p = {(n, pmid): pairs for n, (pmid, _, pairs) in enumerate(ab3p_records)}

    unique = sum(len({norm(p) for p in pairs}) for pairs in gold.values())
    print(f"MED1250: {len(gold)} records (two PMIDs appear twice), {unique} distinct gold pairs")
    for label, pairs in [("glossary-ls", found), ("Ab3P", ab3p)]:
        p, r, tp, fp, fn = score(gold, pairs, args.verbose and label == "glossary-ls", label)
        print(f"{label:12} precision {100 * p:5.1f} %  recall {100 * r:5.1f} %"
              f"  (right {tp}, wrong {fp}, missed {fn})")


if __name__ == "__main__":
    sys.exit(main())
