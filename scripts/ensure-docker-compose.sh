#!/usr/bin/env bash
# Makes sure `docker-compose` (Debian package docker-compose, v1) is installed: the build validates
# docker-compose.yml with `docker-compose config -q`. No container engine is needed or started for that.
set -euo pipefail

if command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing docker-compose (validation of docker-compose.yml)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  echo "Installed: $(docker-compose version --short 2>/dev/null || echo docker-compose)"
else
  cat >&2 <<MSG
docker-compose is missing: the check of docker-compose.yml (launcher DockerComposeConfigIT) will be skipped.
Install it with:  sudo apt-get install -y docker-compose
MSG
fi
