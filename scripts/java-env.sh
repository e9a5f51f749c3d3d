# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 21+.
# Takes $JAVA_HOME when it is 21+, else the newest JDK under /usr/lib/jvm; fails clearly when there is none.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir; best_major=$major
    fi
  done
  [ -n "$best" ] && echo "$best"
}

_jdk=$(pick_jdk)
if [ -z "$_jdk" ]; then
  echo "error: axon-commerce needs a JDK 21 or newer: set JAVA_HOME to one or install one under /usr/lib/jvm" >&2
  exit 1
fi
export JAVA_HOME=$_jdk
export PATH="$JAVA_HOME/bin:$PATH"
unset _jdk
