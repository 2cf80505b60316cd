#!/usr/bin/env bash
# Step 3 of the htapod action: runs the command (a bash script, as a step's run) under htapod with
# the inputs as options, the summary written to RUNNER_TEMP and appended to the job's page
# (GITHUB_STEP_SUMMARY), and the step's outputs. Refused egress in enforce mode is status 122,
# which fails the step; otherwise the step ends as the command did.
set -euo pipefail
out=$RUNNER_TEMP/htapod
mkdir -p "$out"
summary=$out/summary.md
args=(--summary-md "$summary")
if [[ -n $INPUT_POLICY ]]; then
  args+=(--policy "$INPUT_POLICY")
  [[ $INPUT_MODE == audit ]] && args+=(--audit)
fi
[[ -n $INPUT_LEARN ]] && args+=(--learn "$INPUT_LEARN")
[[ -n $INPUT_HAR ]] && args+=(--har "$INPUT_HAR")
# The args input split as a shell would split it (quotes and backslashes), with nothing expanded.
extra=()
if [[ -n $INPUT_ARGS ]]; then
  if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' >"$out/args"; then
    echo "::error title=htapod::the args input cannot be split into words (an unmatched quote?): $INPUT_ARGS"
    exit 2
  fi
  mapfile -d '' extra <"$out/args"
fi
report=
if [[ -n $INPUT_UPLOAD ]]; then
  # For the artifact, the report as JSON Lines instead of text lines in the log, unless args say
  # where report lines go.
  own=false
  for arg in "${extra[@]}"; do
    [[ $arg == -o || $arg == --output* || $arg == --format* || $arg == -q || $arg == --quiet ]] && own=true
  done
  if [[ $own == false ]]; then
    report=$out/report.jsonl
    args+=(--format json -o "$report")
  fi
fi
set +e
"$HTAPOD_ROOT/scripts/htapod" "${args[@]}" "${extra[@]}" -- bash -eo pipefail -c "$INPUT_RUN"
status=$?
set -e
files=$(for file in "$INPUT_HAR" "$report" "$INPUT_LEARN" "$summary"; do [[ -n $file ]] && echo "$file"; done)
{
  echo "status=$status"
  echo "summary=$summary"
  echo "har=$INPUT_HAR"
  echo "report=$report"
  echo "files<<HTAPOD_FILES_EOF"
  echo "$files"
  echo "HTAPOD_FILES_EOF"
} >>"$GITHUB_OUTPUT"
if [[ $status == 122 ]]; then
  echo "::error title=htapod::the egress policy $INPUT_POLICY refused a destination; see the job's summary for which, the process, and the line that would allow it"
fi
exit "$status"
