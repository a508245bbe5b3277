#!/usr/bin/env bash
# Brings each package's PublicAPI.Unshipped.txt up to date with its code, so that the build (RS0016/RS0017 are
# errors) passes again after a deliberate change of the public API. Review the diff of the .txt files: it is the
# API change.
#
#   scripts/public-api.sh                      every package under Framework/
#   scripts/public-api.sh Framework/MicroFlask/MicroFlask.csproj ...
#
# A symbol that is gone (RS0017) leaves Unshipped.txt; one that had shipped stays in Shipped.txt and gets a
# "*REMOVED*" line in Unshipped.txt. A new public symbol (RS0016) is added to Unshipped.txt by the analyzers'
# code fix. On a release, move the lines of Unshipped.txt into Shipped.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "$#" -gt 0 ]; then projects=("$@"); else projects=(Framework/*/*.csproj); fi

for project in "${projects[@]}"; do
    dir="$(cd "$(dirname "$project")" && pwd)"
    echo "== $project"

    # Removals: the analyzer names the file and line that declare each symbol that is gone. No code fix exists
    # for RS0017, so the lines are taken out here (bottom up, so that the line numbers stay right).
    # The references are built first, then the project alone is compiled again so that its warnings are printed.
    log="$(mktemp)"
    dotnet build "$project" -nologo -v:q -p:TreatWarningsAsErrors=false >/dev/null 2>&1 || true
    dotnet build "$project" --no-incremental --no-dependencies -nologo -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
    { grep -oE "^$dir/PublicAPI\.(Shipped|Unshipped)\.txt\([0-9]+,[0-9]+\): (warning|error) RS0017" "$log" || true; } \
        | sed -E 's/^(.*)\(([0-9]+),[0-9]+\).*/\2 \1/' | sort -u | sort -k1,1nr \
        | while read -r line file; do
            entry="$(sed -n "${line}p" "$file")"
            # A shipped symbol keeps its line in Shipped.txt: the *REMOVED* line in Unshipped.txt is the change.
            if [[ "$file" == *Shipped.txt && "$entry" != \*REMOVED\** ]]; then
                echo "*REMOVED*$entry" >>"$dir/PublicAPI.Unshipped.txt"
            else
                sed -i "${line}d" "$file"
            fi
        done
    rm -f "$log"

    # Additions: each new symbol the analyzer names (RS0016) goes into Unshipped.txt, kept sorted. (The code fix
    # through `dotnet format analyzers` left the core's additions out, so the build's own messages are used.)
    log="$(mktemp)"
    dotnet build "$project" --no-incremental --no-dependencies -nologo -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
    python3 - "$dir" "$log" <<'PY'
import re, sys
folder, log = sys.argv[1], sys.argv[2]
found = set()
for line in open(log, encoding="utf-8"):
    m = re.match(re.escape(folder) + r"/.*RS0016: Symbol '(.*)' is not part of the declared public API", line)
    if m:
        found.add(m.group(1))
path = folder + "/PublicAPI.Unshipped.txt"
lines = open(path, encoding="utf-8").read().splitlines()
head = [l for l in lines if l.startswith("#")]
body = sorted(set([l for l in lines if l and not l.startswith("#")]) | found)
open(path, "w", encoding="utf-8").write("\n".join(head + body) + "\n")
print(f"{len(found)} added to {path}")
PY
    rm -f "$log"
done
