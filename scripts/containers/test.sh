#!/usr/bin/env bash
# The container test on its own: podman and the base-image stand-ins (setup.sh), then ComposeStackIT, which builds
# both service images from the repository root and runs docker-compose.yml's topology under podman (both profiles).
#   scripts/containers/test.sh        # needs root the first time (apt, debootstrap); logs in target/container-test
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$ROOT/scripts/containers/setup.sh"
cd "$ROOT"
exec ./mvnw -B verify -pl e2e-tests -am -Dit.test=ComposeStackIT -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
