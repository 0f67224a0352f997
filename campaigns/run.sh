#!/usr/bin/env bash
# The reliability campaigns (issue 12) against real node processes started through bin/quire, on
# 127.0.0.1 only. Builds what they need first when a source changed, as bin/quire does.
#
#   campaigns/run.sh [--quick] [--seed N] [--only TEXT]... [CAMPAIGN...]
#
# Campaigns: crash, pause, hostile, load, soak (default: all). --quick runs the selection that `mvn verify` runs. A run's
# figures go to standard output and to campaigns/target/figures-<time>.md; each configuration's
# seed is printed, and --seed gives it back to replay the same faults and client choices; --only
# "leader, tcp" keeps the crash and pause configurations whose name holds that text. Data and
# node logs stay in campaigns/target/runs/<campaign>-<settings>-<seed>/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/campaigns/target/.built"
needs_build() {
  [[ -f "$stamp" ]] || return 0
  [[ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' \
    -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]]
}
if needs_build; then
  echo "campaigns: building (mvn -DskipTests package) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
  touch "$stamp"
fi
jar=("$root"/campaigns/target/quire-campaigns-*.jar)
figures="$root/campaigns/target/figures-$(date -u +%Y%m%dT%H%M%SZ).md"
cd "$root"
java -cp "${jar[0]}:$root/campaigns/target/lib/*" io.quire.campaigns.Campaigns --home "$root" "$@" | tee "$figures"
