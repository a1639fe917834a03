#!/usr/bin/env bash
# CI on a busy machine: clones this repository's main branch (or the branch given) fresh into a
# temporary directory, with the spec suite's `shared` directory linked beside it as `.ci/run`
# expects, occupies two cores with busy loops, runs `.ci/run` there, and fails if it fails.
# CI machines are shared: a suite that passes only when the machine is idle is a flaky suite.
#
#   scripts/ci-under-load.sh [branch]
set -euo pipefail

branch="${1:-main}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
# `shared` sits beside the main checkout; from a linked worktree, that is beside the checkout
# that owns the repository's .git.
common_git_dir="$(cd "$repo" && cd "$(git rev-parse --git-common-dir)" && pwd)"
shared=""
for candidate in "$repo/../shared" "$(dirname "$common_git_dir")/../shared"; do
  if [ -d "$candidate" ]; then
    shared="$(cd "$candidate" && pwd)"
    break
  fi
done
if [ -z "$shared" ]; then
  echo "ci-under-load: no shared directory beside $repo (nor beside the main checkout)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lantern-ci-under-load.XXXXXX")"
busy=()
cleanup() {
  for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

git clone --quiet --branch "$branch" "$repo" "$work/lantern"
ln -s "$shared" "$work/shared"
echo "ci-under-load: $branch at $(git -C "$work/lantern" rev-parse --short HEAD) in $work/lantern, shared -> $shared"

# Two CPU-bound processes, one per core of a 2-core CI machine.
for _ in 1 2; do
  (while :; do :; done) &
  busy+=("$!")
done
echo "ci-under-load: busy loops ${busy[*]}; running .ci/run"

start=$(date +%s)
status=0
"$work/lantern/.ci/run" || status=$?
elapsed=$(($(date +%s) - start))
printf 'ci-under-load: .ci/run %s in %dm%02ds\n' "$([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)")" $((elapsed / 60)) $((elapsed % 60))
exit "$status"
