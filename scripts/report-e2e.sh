#!/usr/bin/env bash
# The HTML report in a real headless Chromium: `glossary-ls report --format html` on a small
# tree, loaded by Chromium, whose rendered DOM must show the report's sections and findings
# (and no script); a screenshot is saved in target/report-e2e/report.png.
# Usage: scripts/report-e2e.sh <glossary-ls binary>
# Chromium comes from Debian (installed here when missing and root can; scripts/vscode-e2e.sh
# installs it too). Fails, never skips, when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
server=$(realpath "${1:?usage: scripts/report-e2e.sh <glossary-ls binary>}")
fail() { echo "report-e2e: error: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
      || fail "apt-get install chromium"
  else
    fail "chromium is not on PATH (apt-get install chromium)"
  fi
fi

out="$PWD/target/report-e2e"
rm -rf "$out" && mkdir -p "$out"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/glossary" "$tree/docs"
printf '[[entries]]\nterm = "SLA"\nexpansion = "service-level agreement"\nsummary = "What we promise."\n\n[[entries]]\nterm = "widget"\nsummary = "A part."\n\n[[entries]]\nterm = "gizmo"\nsummary = "Nobody says it."\n' >"$tree/glossary/glossary.toml"
printf '# Queues\n\nA widget. The QPX runs. A data lake quota (DLQ).\n' >"$tree/docs/queues <draft>.md"
printf '# Retries\n\nWidgets retry. The QPX and the ZRT. A dead-letter queue (DLQ).\n' >"$tree/docs/retries.md"
printf '# Terms\n\nThe service level assurance (SLA) and the QPX.\n' >"$tree/docs/terms.md"
(cd "$tree" && "$server" report --format html --output "$out/report.html" .) || fail "glossary-ls report failed"

chrome=(chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions)
"${chrome[@]}" --dump-dom "file://$out/report.html" >"$out/dom.html" 2>"$out/chromium.log" \
  || { cat "$out/chromium.log" >&2; fail "chromium could not load the report"; }
"${chrome[@]}" --window-size=1200,1600 --screenshot="$out/report.png" "file://$out/report.html" \
  >>"$out/chromium.log" 2>&1 || { cat "$out/chromium.log" >&2; fail "chromium could not take the screenshot"; }
[[ -s "$out/report.png" ]] || fail "no screenshot"

expect() {
  grep -qF -- "$1" "$out/dom.html" || fail "the rendered report lacks: $1 (see $out/dom.html)"
}
expect '<h1>Glossary report</h1>'
expect 'Most frequent unexplained acronyms (documents)'
expect '<code>QPX</code></td><td class="num">3</td>'
expect 'docs/queues &lt;draft&gt;.md'
expect 'data lake quota'
expect '<span class="tag">glossary</span>'
expect '<p>gizmo</p>'
expect '<svg role="img"'
if grep -qiE '<script|https?://' "$out/dom.html"; then
  fail "the report has a script or a URL (it must be self-contained)"
fi
echo "report-e2e: ok (screenshot: $out/report.png)"
