#!/usr/bin/env python3
"""Scores glossary-ls's acronym rules on the labelled sets (see eval/README.md).

    python3 eval/score.py [--binary PATH] [-v] [SET...]

Prints one line per set — findings, wrong findings, precision, labelled acronyms to find,
found, recall — and with -v every wrong finding and every miss.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ACRONYM_RULES = {"undefined-acronym", "used-before-definition", "unexpanded-first-use"}
RIGHT = {"unexplained", "late"}
LABELS = {"unexplained", "defined", "late", "no"}


def key(token):
    """The acronym a token is a use of, as glossary-ls reports it: no plural, no version."""
    if token.endswith("s") and len(token) >= 3 and token[-2].isupper():
        token = token[:-1]
    stem = re.sub(r"(/|v|-|#)?[0-9][0-9.]*$", "", token)
    if stem != token and len(stem) >= 2 and sum(c.isupper() for c in stem) >= 2:
        return stem
    return token


def known_key(token):
    """The acronym a well-known list names a token by: `UTF-8` is a use of UTF."""
    stem = re.sub(r"-[0-9]+$", "", token)
    return key(stem) if len(stem) >= 2 else token


def load_labels(path):
    labels = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            label = row["label"].strip()
            if label not in LABELS:
                sys.exit(f"{path}: unknown label {label!r} for {row['doc']} {row['token']}")
            labels[(row["doc"], row["token"])] = label
    return labels


def findings(binary, config, docs):
    out = subprocess.run(
        [binary, "check", "--config", config, "--format", "json", "--fail-on", "never", *docs],
        capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        sys.exit(f"glossary-ls exited {out.returncode}: {out.stderr[:1000]}")
    found = {}
    for f in json.loads(out.stdout)["files"]:
        doc = os.path.basename(f["path"])
        for d in f["diagnostics"]:
            if d["rule"] in ACRONYM_RULES:
                found.setdefault((doc, d["term"]), (d["rule"], d["line"]))
    return found


def well_known(binary, config):
    """Acronyms the configured audience needs no expansion for (`glossary-ls acronyms`)."""
    out = subprocess.run([binary, "acronyms", "--config", config], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return set()
    return {line.split()[0] for line in out.stdout.splitlines() if line.strip() and not line.startswith("#")}


def score(name, binary, verbose, known_binary):
    base = os.path.join(HERE, "sets", name)
    labels = load_labels(os.path.join(base, "labels.tsv"))
    docs = sorted(os.path.join(base, "docs", d) for d in os.listdir(os.path.join(base, "docs")))
    config = os.path.join(HERE, "glossary-ls.toml")
    found = findings(binary, config, docs)
    known = well_known(known_binary or binary, config)
    # A finding's term is a key: it is right when a token with that key is labelled right.
    right_keys = {(doc, key(tok)) for (doc, tok), label in labels.items() if label in RIGHT}
    label_of = {}
    for (doc, tok), label in labels.items():
        label_of.setdefault((doc, key(tok)), label)
    wrong = [(k, v, label_of.get(k, "unlabelled")) for k, v in sorted(found.items()) if k not in right_keys]
    # A token written as a pair (`SSL/TLS`) is reported part by part: it is well known when
    # every part is, and found when a part is.
    def parts(token):
        return token.split("/") if "/" in token and not re.search(r"/[0-9]", token) else [token]

    def is_known(token):
        def one(t):
            return t in known or key(t) in known or known_key(t) in known
        return one(token) or all(one(t) for t in parts(token))

    def is_found(doc, token):
        return any((doc, t) in found or (doc, key(t)) in found or (doc, known_key(t)) in found
                   for t in [token, *parts(token)])

    to_find = [k for k, label in labels.items() if label in RIGHT and not is_known(k[1])]
    missed = [k for k in sorted(to_find) if not is_found(*k)]
    precision = 1 - len(wrong) / len(found) if found else 1.0
    recall = 1 - len(missed) / len(to_find) if to_find else 1.0
    print(f"{name:16} pairs {len(labels):4}  findings {len(found):4}  wrong {len(wrong):3}  "
          f"precision {precision:.3f}  to find {len(to_find):4}  missed {len(missed):3}  recall {recall:.3f}")
    if verbose:
        for (doc, term), (rule, line), label in wrong:
            print(f"  wrong   {doc}:{line} {term} [{rule}] labelled {label}")
        for doc, term in missed:
            print(f"  missed  {doc} {term} ({labels[(doc, term)]})")
    return precision, recall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "glossary-ls"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--known-binary", help="the binary whose `acronyms` list recall leaves out "
                    "(for scoring an old binary that has no such command)")
    ap.add_argument("sets", nargs="*")
    args = ap.parse_args()
    names = args.sets or sorted(d for d in os.listdir(os.path.join(HERE, "sets"))
                                if os.path.exists(os.path.join(HERE, "sets", d, "labels.tsv")))
    for name in names:
        score(name, args.binary, args.verbose, args.known_binary)


if __name__ == "__main__":
    main()
