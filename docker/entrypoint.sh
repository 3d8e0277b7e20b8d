#!/bin/sh
# Entrypoint of the council platform image: one image, three apps.
#   docker run IMAGE city-api | district-api | sync-worker   (or: -e APP=city-api, no command)
#   docker run IMAGE migrate [--demo]    create the database if missing, migrate, seed reference data
#   docker run IMAGE healthcheck         used by the image's HEALTHCHECK
#   docker run IMAGE node -e '...'       anything else runs as given
set -eu

MARKER=/tmp/council-app   # which app this container runs, and its port, for the healthcheck

port_of() {
  case "$1" in
    city-api) echo "${CITY_API_PORT:-3001}" ;;
    district-api) echo "${DISTRICT_API_PORT:-3002}" ;;
    sync-worker) echo "${SYNC_WORKER_PORT:-3003}" ;;
  esac
}

usage() {
  echo "usage: set APP=city-api|district-api|sync-worker, or give one of them (or 'migrate') as the command" >&2
}

if [ "$#" -gt 0 ]; then
  cmd=$1
  shift
else
  cmd=${APP:-}
fi

case "$cmd" in
  city-api | district-api | sync-worker)
    printf '%s %s\n' "$cmd" "$(port_of "$cmd")" >"$MARKER" 2>/dev/null || true
    exec node "dist/apps/$cmd/src/main.js" "$@"
    ;;
  migrate | prepare)
    echo migrate >"$MARKER" 2>/dev/null || true
    exec node dist/apps/database-cli/src/main.js prepare "$@"
    ;;
  healthcheck)
    if [ -r "$MARKER" ]; then
      read -r app port <"$MARKER" || true
    else
      app=${APP:-}
      port=$(port_of "$app")
    fi
    [ "${app:-}" = migrate ] && exit 0   # a one-shot job: nothing to probe
    [ -n "${port:-}" ] || { echo "healthcheck: unknown app '${app:-}'" >&2; exit 1; }
    exec node -e '
      const port = process.argv[1];
      fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) })
        .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
    ' "$port"
    ;;
  "" | help | -h | --help)
    usage
    [ -n "$cmd" ] && exit 0
    exit 64
    ;;
  *)
    exec "$cmd" "$@"
    ;;
esac
