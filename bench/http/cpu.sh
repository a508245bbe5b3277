# shellcheck shell=bash
# A server's own CPU time, read from /proc: stable where requests per second are not, since it does not
# count the time the server waited for a core that wrk or another process held. Sourced by lib.sh;
# also runnable:
#
#   bench/http/cpu.sh ticks PID                          user+system ticks of PID and all its descendants
#   bench/http/cpu.sh per-request BEFORE AFTER REQUESTS  microseconds of CPU per request from two readings
#   bench/http/cpu.sh machine                            busy ticks of the whole machine, every core summed

CLK_TCK="${CLK_TCK:-$(getconf CLK_TCK)}"

# PID and every process below it: gunicorn's workers are its children, and their time is not in the
# master's own stat (only in cutime/cstime, and only once they exit and are reaped).
process_tree() { # pid
  local child
  echo "$1"
  for child in $(pgrep -P "$1" || true); do process_tree "$child"; done
}

# utime + stime (fields 14 and 15 of /proc/<pid>/stat) summed over the tree, in clock ticks. A process's
# stat already covers all its threads. The fields are counted after the last ")", since the command name
# in field 2 may itself hold spaces or parentheses.
cpu_ticks() { # pid
  local total=0 pid stat fields
  for pid in $(process_tree "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue # gone between pgrep and now
    read -r -a fields <<<"${stat##*) }"
    # fields[0] is field 3 (state), so field 14 is fields[11].
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# The whole machine's busy time in clock ticks: user, nice, system, irq and softirq of /proc/stat's "cpu" line
# (steal is the hypervisor's, idle and iowait are no work). Over a run it is what the server, wrk and Redis spent
# together: on 2 cores they share, 2 x busy share / this figure per request bounds the requests per second.
machine_ticks() {
  local _ user nice system idle iowait irq softirq
  read -r _ user nice system idle iowait irq softirq _ </proc/stat
  echo $((user + nice + system + irq + softirq))
}

# Microseconds of CPU per request, one decimal; "–" when there were no requests.
cpu_us_per_request() { # ticks-before ticks-after requests
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$CLK_TCK" \
    'BEGIN { if (n > 0) printf "%.1f\n", (a - b) * 1e6 / hz / n; else print "–" }'
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    ticks) cpu_ticks "$2" ;;
    per-request) cpu_us_per_request "$2" "$3" "$4" ;;
    machine) machine_ticks ;;
    *) echo "usage: $0 ticks PID | per-request BEFORE AFTER REQUESTS | machine" >&2; exit 2 ;;
  esac
fi
