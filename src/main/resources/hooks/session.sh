# SLM Mesh: finding this hook's agent session (docs/hooks.md, "Session files").
# Sourced by every SLM Mesh hook script; POSIX sh, shell builtins only on Linux (one `ps` per
# ancestor elsewhere). Defines:
#   slm_find_session  sets SLM_DATA, SLM_SESSION (the session directory) and SLM_AGENT_PID;
#                     returns 1 when no ancestor of this hook has a session directory
#   slm_read_peer     sets SLM_PEER_ID and SLM_SERVER_PID from "$SLM_SESSION/peer"; returns 1
#                     when the session has not registered yet
#   slm_alive PID     true when the process exists
# The MCP server of a session keeps <data dir>/sessions/<agent pid>/, where the agent pid is the
# MCP server's parent: the agent client, which also starts the hooks. So a hook walks up its own
# ancestors (at most SLM_MAX_DEPTH of them) and takes the first one with a directory there.

SLM_MAX_DEPTH=8

slm_parent_of() {
  if [ -r "/proc/$1/stat" ]; then
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so cut after the last ") "
    IFS= read -r _slm_stat 2>/dev/null <"/proc/$1/stat" || return 1
    _slm_stat=${_slm_stat##*) }
    _slm_stat=${_slm_stat#* }
    SLM_PPID=${_slm_stat%% *}
  else
    SLM_PPID=$(ps -o ppid= -p "$1" 2>/dev/null) || return 1
    SLM_PPID=$(printf '%s' "$SLM_PPID" | tr -d ' ')
  fi
  case $SLM_PPID in '' | *[!0-9]*) return 1 ;; esac
  return 0
}

slm_find_session() {
  SLM_DATA=${SLM_MESH_DATA_DIR:-${HOME:-/nonexistent}/.slm-mesh}
  SLM_SESSION=
  _slm_pid=$PPID
  _slm_depth=0
  while [ "$_slm_depth" -lt "$SLM_MAX_DEPTH" ] && [ "${_slm_pid:-0}" -gt 1 ]; do
    if [ -d "$SLM_DATA/sessions/$_slm_pid" ]; then
      SLM_SESSION=$SLM_DATA/sessions/$_slm_pid
      SLM_AGENT_PID=$_slm_pid
      return 0
    fi
    slm_parent_of "$_slm_pid" || return 1
    _slm_pid=$SLM_PPID
    _slm_depth=$((_slm_depth + 1))
  done
  return 1
}

slm_read_peer() {
  SLM_PEER_ID=
  SLM_SERVER_PID=
  { IFS= read -r SLM_PEER_ID && IFS= read -r SLM_SERVER_PID; } 2>/dev/null <"$SLM_SESSION/peer" || return 1
  [ -n "$SLM_PEER_ID" ]
}

slm_alive() {
  kill -0 "$1" 2>/dev/null
}
