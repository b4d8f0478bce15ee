#!/usr/bin/env python3
"""List the acronym-shaped tokens of Markdown, AsciiDoc, reStructuredText and LaTeX documents, for labelling.

    eval/candidates.py [--binary PATH] DOC.md|DOC.adoc|DOC.rst... > candidates.tsv

With a --binary that does not exist, the checker column is left out (a blind labelling sheet).

One row per (document, token): the token in its base form (plural `s` and possessive `'s`
removed), how often it occurs, the line of its first occurrence, a snippet of that line, and
the rules glossary-ls reports for it today (so that every finding gets a label). The
extraction is deliberately broader than the checker: it skips only fenced code, inline code,
HTML comments and link destinations, so that what the checker misses still shows up.

A labeller adds the label column (see eval/README.md) and drops nothing: a row that is not an
acronym in prose is labelled `no`.
"""
import argparse
import json
import os
import re
import subprocess
import sys

TOKEN = re.compile(r"(?<![\w/.])([A-Za-z0-9](?:[A-Za-z0-9&+/.]|-(?=\d))*[A-Za-z0-9]|[A-Z])(?!\w)")
FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")


def acronym_shaped(tok):
    upper = sum(c.isupper() for c in tok)
    digits = sum(c.isdigit() for c in tok)
    if upper >= 2:
        return True
    return upper >= 1 and digits >= 1 and not tok.isdigit()


def base(tok):
    for suffix in ("'s", "’s", "s"):
        if tok.endswith(suffix) and acronym_shaped(tok[: -len(suffix)]) and tok[-len(suffix) - 1].isupper():
            return tok[: -len(suffix)]
    return tok


ADOC_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|/{4,}|\+{4,})\s*$")


def asciidoc_lines(text):
    """AsciiDoc: skips the header, attribute entries, comments and listing, literal,
    passthrough and comment blocks; blanks inline monospace and link targets."""
    lines = text.splitlines()
    closing = None
    in_header = False
    for number, line in enumerate(lines, 1):
        if closing:
            if line.rstrip() == closing:
                closing = None
            continue
        if ADOC_DELIMITER.match(line):
            closing = line.rstrip()
            continue
        if number == 1 or (in_header and line.strip()):
            in_header = in_header or line.startswith("= ")
            if in_header:
                continue
        in_header = False
        if line.startswith("//") or re.match(r"^:!?[\w-]+!?:(\s|$)", line):
            continue
        line = re.sub(r"(`+).*?\1", " ", line)
        line = re.sub(r"\+[^+\s][^+]*\+", " ", line)
        line = re.sub(r"(?:https?|link|xref|mailto):[^\s\[]*\[", "[", line)
        line = re.sub(r"https?://\S+", " ", line)
        yield number, line

RST_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s+(.*))?$")
RST_DIRECTIVE = re.compile(r"^([\w:+-]+)::(?:\s+(.*))?$")
# Directives whose body (and argument) is code or data, not prose.
RST_CODE_DIRECTIVES = {"code", "code-block", "sourcecode", "literalinclude", "highlight", "math",
                       "raw", "include", "toctree", "image", "figure-code", "productionlist",
                       "doctest", "testcode", "testoutput", "jsonschema", "autoclass",
                       "automodule", "autofunction", "parsed-literal"}
# Roles whose content is code, a path or an identifier.
RST_CODE_ROLES = {"code", "literal", "data", "class", "func", "meth", "mod", "attr", "obj", "exc",
                  "envvar", "file", "samp", "option", "command", "program", "token", "kbd",
                  "const", "var", "py:data", "py:class", "py:func", "py:meth", "py:mod",
                  "py:attr", "py:obj", "py:exc", "py:const", "c:func", "c:macro", "c:type",
                  "c:data", "regexp", "math", "download"}


def rst_indent(line):
    return len(line) - len(line.lstrip())


def rst_inline(line):
    """Blanks inline literals, code roles, role names, reference targets and URLs."""
    line = re.sub(r"``.+?``", " ", line)
    def role(m):
        return " " if m.group(1) in RST_CODE_ROLES else " `" + m.group(2) + "`"
    line = re.sub(r":([\w:+-]+):`([^`]*)`", role, line)
    line = re.sub(r"<[^<>`]*>`", "`", line)
    line = re.sub(r"(?:https?|mailto|ftp):[^\s`<>]+", " ", line)
    line = re.sub(r"(?<=[^\W_])__?(?![\w])", " ", line)  # a named reference (`ELF_`)
    return line


def rst_lines(text):
    """reStructuredText: skips a leading field list (PEP-style header), comments, link
    targets, substitution definitions, code-like directives with their bodies, directive
    options and literal blocks (after `::`); blanks inline literals, code roles and targets."""
    lines = text.splitlines()
    n = len(lines)
    skip_until_indent = None  # skip lines indented more than this (or blank)
    literal_pending = None    # indentation of a paragraph that ended with `::`
    options_of = None         # indentation of a directive whose options may follow
    i = 0
    # A leading field list (after an optional title) is metadata.
    j = 0
    while j < n and (not lines[j].strip() or re.match(r"^([=\-~#*^]{3,}|\.\. )", lines[j])
                     or (j + 1 < n and re.match(r"^[=\-~#*^]{3,}\s*$", lines[j + 1]))):
        j += 1
    header = set()
    if j < n and re.match(r"^:[\w -]+:", lines[j]):
        while j < n and lines[j].strip() and (re.match(r"^:[\w -]+:", lines[j]) or lines[j][:1].isspace()):
            header.add(j)
            j += 1
    for idx, line in enumerate(lines):
        number = idx + 1
        ind = rst_indent(line)
        if idx in header:
            continue
        if skip_until_indent is not None:
            if not line.strip() or ind > skip_until_indent:
                continue
            skip_until_indent = None
        if literal_pending is not None:
            if not line.strip():
                continue
            if ind > literal_pending:
                skip_until_indent = literal_pending
                literal_pending = None
                continue
            literal_pending = None
        if options_of is not None:
            if line.strip() and ind > options_of and re.match(r"^\s*:[\w -]+:(\s|$)", line):
                continue
            options_of = None
        m = RST_EXPLICIT.match(line)
        if m:
            rest = m.group(2) or ""
            d = RST_DIRECTIVE.match(rest)
            if d:
                name = d.group(1).split(":")[-1]
                if name in RST_CODE_DIRECTIVES or d.group(1).startswith(("code", "jsonschema")):
                    skip_until_indent = ind
                    continue
                options_of = ind
                line = " " * (ind + 3) + (d.group(2) or "")
            elif rest.startswith("|"):
                skip_until_indent = ind  # substitution definition
                continue
            elif rest.startswith("_") or rest.startswith("__"):
                continue  # hyperlink target (and its URL)
            elif re.match(r"^\[[^\]]+\]", rest):
                line = " " * (ind + 3) + re.sub(r"^\[[^\]]+\]", "", rest)  # footnote/citation
            else:
                skip_until_indent = ind  # comment
                continue
        stripped = line.rstrip()
        if stripped.endswith("::") and not RST_EXPLICIT.match(stripped):
            literal_pending = ind if stripped.strip() != "::" else ind
            # a paragraph's first line sets the indentation the literal block must exceed
            k = idx
            while k > 0 and lines[k - 1].strip() and not lines[k - 1].strip().startswith(".."):
                k -= 1
            literal_pending = min(ind, rst_indent(lines[k]))
            line = stripped[:-2]
        yield number, rst_inline(line)


LATEX_SKIP_ENVS = (
    "verbatim", "Verbatim", "lstlisting", "minted", "comment", "equation", "align", "gather",
    "multline", "displaymath", "math", "eqnarray", "flalign", "alignat", "tikzpicture",
    "grammar", "code", "algorithmic",
)
LATEX_NO_PROSE_ARG = (
    "label", "ref", "cref", "Cref", "eqref", "autoref", "pageref", "nameref", "vref",
    "cite", "citep", "citet", "citealp", "citeauthor", "citeyear", "nocite", "url", "input",
    "include", "includegraphics", "usepackage", "documentclass", "bibliography",
    "bibliographystyle", "texttt", "lstinline", "gls", "Gls", "glspl", "Glspl", "glsplural",
    "glstext", "acrshort", "acrlong", "acrfull", "ac", "Ac", "acs", "acl", "acf", "acp",
    "hypersetup", "lstset", "definecolor", "color", "textcolor", "pagestyle", "setlength",
    "title", "author", "date", "thanks", "begin", "end", "newlist", "setlist", "floatstyle",
    "restylefloat", "DeclareMathOperator", "bibitem", "hspace", "vspace",
)


def latex_lines(text):
    r"""LaTeX: skips the preamble (up to \begin{document}, when there is one), comments,
    verbatim, listing and display-math environments and macro and glossary definitions;
    blanks inline math, \verb, and the arguments of commands that are not prose (labels,
    references, citations, URLs, file names, monospace, glossary keys, the title block)."""
    lines = text.splitlines()
    start = 0
    for i, line in enumerate(lines):
        if re.match(r"\s*\\begin\{document\}", line):
            start = i + 1
            break
    closing = None
    in_display = False
    depth_def = 0
    names = "|".join(LATEX_NO_PROSE_ARG)
    for number, line in enumerate(lines, 1):
        if number <= start:
            continue
        line = re.sub(r"(?<!\\)%.*", "", line)
        if closing:
            if closing in line:
                line = line.split(closing, 1)[1]
                closing = None
            else:
                continue
        if depth_def:
            depth_def = max(depth_def + line.count("{") - line.count("}"), 0)
            continue
        if re.match(r"\s*\\((re)?newcommand|def\\|newenvironment|newglossaryentry|newacronym|title|author|date)\b", line):
            depth_def = max(line.count("{") - line.count("}"), 0)
            continue
        m = re.search(r"\\begin\{(" + "|".join(LATEX_SKIP_ENVS) + r")\*?\}", line)
        if m:
            end = "\\end{" + line[m.start(1):m.end(0) - 1] + "}"
            rest = line[m.end():]
            line = line[: m.start()]
            if end in rest:
                line += " " + rest.split(end, 1)[1]
            else:
                closing = end
        if in_display:
            if "\\]" in line or "$$" in line:
                line = re.split(r"\\\]|\$\$", line, 1)[1]
                in_display = False
            else:
                continue
        line = re.sub(r"\$\$.*?\$\$|\\\[.*?\\\]", " ", line)
        if re.search(r"\$\$|\\\[", line):
            line = re.split(r"\$\$|\\\[", line, 1)[0]
            in_display = True
        line = re.sub(r"(?<!\\)\$.*?(?<!\\)\$|\\\(.*?\\\)", " ", line)
        line = re.sub(r"\\verb\*?(.).*?\1", " ", line)
        line = re.sub(r"\\lstinline(\[[^\]]*\])?(?P<d>[^{\w\s]).*?(?P=d)", " ", line)
        for _ in range(2):
            line = re.sub(r"\\(?:" + names + r")\*?(\[[^\]]*\])*\{(?:[^{}]|\{[^{}]*\})*\}", " ", line)
        line = re.sub(r"\\href\{[^}]*\}", " ", line)
        line = re.sub(r"\\[A-Za-z@]+\*?", " ", line)
        yield number, line


def prose_lines(text, asciidoc=False, rst=False, latex=False):
    """Yields (line number, line with code spans, comments and link targets blanked)."""
    if asciidoc:
        yield from asciidoc_lines(text)
        return
    if rst:
        yield from rst_lines(text)
    if latex:
        yield from latex_lines(text)
        return
    in_fence = None
    in_comment = False
    lines = text.splitlines()
    front_end = 0
    if lines and lines[0].strip() in ("---", "+++"):
        for i, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "...", "+++") or re.match(r"--- (abstract|middle|back|note_)", line):
                front_end = i + 1
                break
    for number, line in enumerate(lines, 1):
        if number <= front_end:
            continue
        m = FENCE.match(line)
        if in_fence:
            if m and m.group(1)[0] == in_fence[0] and len(m.group(1)) >= len(in_fence):
                in_fence = None
            continue
        if m:
            in_fence = m.group(1)
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line.split("-->", 1)[1]
            else:
                continue
        line = re.sub(r"<!--.*?-->", " ", line)
        if "<!--" in line:
            line = line.split("<!--", 1)[0]
            in_comment = True
        line = re.sub(r"(`+).*?\1", " ", line)
        line = re.sub(r"\]\([^)]*\)", "] ", line)
        line = re.sub(r"https?://\S+", " ", line)
        yield number, line


def findings(binary, paths):
    if not os.path.exists(binary):
        return None  # a labelling sheet without the checker's column
    out = subprocess.run(
        [binary, "check", "--format", "json", "--fail-on", "never", *paths],
        capture_output=True, text=True, check=False,
    )
    by_doc = {}
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.exit(f"glossary-ls gave no JSON: {out.stderr[:500]}")
    for f in report.get("files", []):
        for d in f["diagnostics"]:
            if d.get("term"):
                by_doc.setdefault(os.path.normpath(f["path"]), {}).setdefault(d["term"], set()).add(d["rule"])
    return by_doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/glossary-ls")
    ap.add_argument("docs", nargs="+")
    args = ap.parse_args()
    flagged = findings(args.binary, args.docs)
    blind = flagged is None
    flagged = flagged or {}
    print("doc\ttoken\tcount\tline\tsnippet" if blind else "doc\ttoken\tcount\tline\tflagged\tsnippet")
    for doc in args.docs:
        text = open(doc, encoding="utf-8", errors="replace").read()
        seen = {}
        asciidoc = doc.lower().endswith((".adoc", ".asciidoc", ".asc"))
        rst = doc.lower().endswith((".rst", ".rest"))
        latex = doc.lower().endswith(".tex")
        for number, line in prose_lines(text, asciidoc, rst, latex):
            for m in TOKEN.finditer(line):
                tok = m.group(1)
                if not acronym_shaped(tok):
                    continue
                key = base(tok)
                if key not in seen:
                    seen[key] = [0, number, line.strip()[:160]]
                seen[key][0] += 1
        doc_flags = flagged.get(os.path.normpath(doc), {})
        for term in doc_flags:
            seen.setdefault(term, [0, 0, "(only in the checker's findings)"])
        name = os.path.basename(doc)
        for key, (count, number, snippet) in sorted(seen.items(), key=lambda kv: kv[1][1]):
            rules = ",".join(sorted(doc_flags.get(key, ())))
            if blind:
                print(f"{name}\t{key}\t{count}\t{number}\t{snippet}")
            else:
                print(f"{name}\t{key}\t{count}\t{number}\t{rules}\t{snippet}")


if __name__ == "__main__":
    main()
