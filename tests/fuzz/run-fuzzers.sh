#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -DNTPSCOPE_FUZZ=ON) in their own build directory and runs
# each on its kept corpus (tests/fuzz/corpus/TARGET) for SECONDS. Fails when any target finds a
# crash, a sanitizer report, a leak or a hang (one input for over 60 s: generous, since the
# machine may be shared and the targets niced); its log and reproducer are named. New inputs go to
# FUZZ_DIR/found/TARGET, never into the repository (see --merge).
#
#   run-fuzzers.sh FUZZ_DIR SECONDS [TARGET...]
#   run-fuzzers.sh FUZZ_DIR --merge DIR...   rebuild each kept corpus, minimised (-merge=1), from
#                                            itself and the inputs of DIR/TARGET (seeds, found
#                                            inputs) up to FUZZ_MERGE_KIB (default 5) KiB, so
#                                            that the corpora in the repository stay small
# FUZZ_JOBS targets run at once (default 2), under nice -n FUZZ_NICE (default 10).
set -euo pipefail
# A timeout (ctest's) or Ctrl-C ends the targets this script started, too.
trap 'kill $(jobs -p) 2>/dev/null; exit 143' TERM INT

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
fuzz_dir=${1:?usage: run-fuzzers.sh FUZZ_DIR SECONDS [TARGET...] | FUZZ_DIR --merge DIR...}
mode=${2:?usage: run-fuzzers.sh FUZZ_DIR SECONDS [TARGET...] | FUZZ_DIR --merge DIR...}
shift 2
jobs=${FUZZ_JOBS:-2}
niceness=${FUZZ_NICE:-10}

mkdir -p "$fuzz_dir"
fuzz_dir=$(cd "$fuzz_dir" && pwd)
cmake -S "$source_dir" -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNTPSCOPE_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
nice -n "$niceness" cmake --build "$fuzz_dir" --target fuzz_targets -j "$jobs" >/dev/null

# Every kept corpus names a target.
all_targets=()
for corpus in "$here"/corpus/*/; do all_targets+=("$(basename "$corpus")"); done

dictionary_of() {
  case "$1" in
    strace_*) echo "-dict=$here/strace.dict" ;;
    trace_reader) echo "-dict=$here/trace.dict" ;;
  esac
}

if [ "$mode" = --merge ]; then
  [ $# -gt 0 ] || { echo "run-fuzzers.sh: --merge needs directories of inputs" >&2; exit 2; }
  for target in "${all_targets[@]}"; do
    candidates=$(mktemp -d "$fuzz_dir/candidates.XXXXXX")
    merged=$(mktemp -d "$fuzz_dir/merge.XXXXXX")
    for dir in "$@"; do
      [ -d "$dir/$target" ] && find "$dir/$target" -type f -size -"$((${FUZZ_MERGE_KIB:-5} * 1024 + 1))"c \
        -exec cp -t "$candidates" {} +
    done
    "$fuzz_dir/tests/fuzz/${target}_fuzz" -merge=1 "$merged" "$here/corpus/$target" "$candidates" \
      >"$fuzz_dir/merge-$target.log" 2>&1 ||
      { echo "run-fuzzers.sh: merging $target failed: $fuzz_dir/merge-$target.log" >&2; rm -rf "$merged" "$candidates"; exit 1; }
    find "$here/corpus/$target" -type f -delete
    mv "$merged"/* "$here/corpus/$target"/
    rm -rf "$merged" "$candidates"
    echo "$target: $(find "$here/corpus/$target" -type f | wc -l) inputs, $(du -sh "$here/corpus/$target" | cut -f1)"
  done
  exit 0
fi

seconds=$mode
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "run-fuzzers.sh: SECONDS must be a number, not '$seconds'" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

run_target() {
  local target=$1
  mkdir -p "$fuzz_dir/found/$target" "$fuzz_dir/crashes"
  # exec: the background job is the target itself, which the trap can end.
  exec nice -n "$niceness" "$fuzz_dir/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=60 \
    -print_final_stats=1 -artifact_prefix="$fuzz_dir/crashes/$target-" $(dictionary_of "$target") \
    "$fuzz_dir/found/$target" "$here/corpus/$target" >"$fuzz_dir/logs/$target.log" 2>&1
}

mkdir -p "$fuzz_dir/logs"
declare -A pid_of
running=0
for target in "${targets[@]}"; do
  [ -d "$here/corpus/$target" ] || { echo "run-fuzzers.sh: no target $target (tests/fuzz/corpus/$target)" >&2; exit 2; }
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  run_target "$target" &
  pid_of[$target]=$!
  running=$((running + 1))
done

failed=0
for target in "${targets[@]}"; do
  if wait "${pid_of[$target]}"; then
    echo "$target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$fuzz_dir/logs/$target.log" | tail -1)"
  else
    failed=1
    echo "$target: FAILED, log $fuzz_dir/logs/$target.log" >&2
    grep -E 'ERROR:|SUMMARY:|Test unit written to' "$fuzz_dir/logs/$target.log" >&2 || tail -5 "$fuzz_dir/logs/$target.log" >&2
  fi
done
exit "$failed"
