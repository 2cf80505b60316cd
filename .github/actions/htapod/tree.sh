#!/usr/bin/env bash
# Step 1 of the htapod action: checks the inputs, and names htapod's tree (this action lives in it)
# and the hashes the caches are keyed on: pom.xml for Maven's repository, every source of the
# build for htapod's jar. actions/cache's hashFiles() cannot do it: it sees only files under
# GITHUB_WORKSPACE, and an action used from another repository is checked out elsewhere.
set -euo pipefail
case "${INPUT_MODE:-enforce}" in
  enforce | audit) ;;
  *)
    echo "::error title=htapod::mode must be enforce or audit, not '$INPUT_MODE'"
    exit 2
    ;;
esac
if [[ ${INPUT_MODE:-enforce} == audit && -z ${INPUT_POLICY:-} ]]; then
  echo "::error title=htapod::mode audit needs a policy file to audit (the policy input)"
  exit 2
fi
root=$(cd "$GITHUB_ACTION_PATH/../../.." && pwd)
source_hash=$(cd "$root" && find pom.xml native src/main scripts/htapod -type f -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum | sha256sum | cut -c1-32)
{
  echo "root=$root"
  echo "pom-hash=$(sha256sum "$root/pom.xml" | cut -c1-32)"
  echo "source-hash=$source_hash"
} >>"$GITHUB_OUTPUT"
