# SLM Mesh: does an edit (or a commit) touch a file that another peer has locked?
# (docs/locks.md). POSIX awk, run with LC_ALL=C so strings are bytes.
#
# Usage: awk -v mode=hook|paths -v client=C -v me=ID [-v lease=1] -f lock-check.awk LOCKS -
#   LOCKS: the broker's lock mirror (<data dir>/locks.tsv: path, holder id, expiry in epoch ms,
#          holder name, reason, tab-separated) or a lease answer in the same format;
#   stdin: mode=hook:  the JSON a client gives its pre-tool hook;
#          mode=paths: one path per line, or the "LEASE" lines this script printed.
#   client: claude-code, cursor, codex or gemini-cli (the refusal's shape); empty: plain text.
#   me: this session's peer id (its locks never refuse), or empty.
#   now: epoch seconds; by default the time of day, from srand() (no `date` process).
#   Relative paths resolve against the JSON's "cwd", else ENVIRON["SLM_BASE"].
# Output: nothing (allow); a refusal; or, with lease=1 and nothing refused, lines
# "LEASE<TAB>new|renew<TAB>path". Anything it cannot read is allowed: it never refuses on a guess.

BEGIN {
  FS = "\t"
  if (now == "") { srand(); now = srand() }
  npaths = 0
  json = ""
  # the edit tools of each client (a tool not named here is never refused)
  split("Edit Write MultiEdit NotebookEdit Delete StrReplace apply_patch write_file replace edit", t, " ")
  for (k in t) edit_tool[t[k]] = 1
  # the only strings kept (raw, unescaped when used): a file's content is never copied or decoded
  split("tool_name cwd tool_input", t, " ")
  for (k in t) top_key[t[k]] = 1
  split("file_path notebook_path target_file absolute_path path command patch input", t, " ")
  for (k in t) input_key[t[k]] = 1
  RENEW_BELOW_MS = 150000
}

FILENAME == ARGV[1] {
  if (substr($0, 1, 1) != "/" || NF < 4) next
  holder[$1] = $2; expires[$1] = $3 + 0; holder_name[$1] = $4; reason_of[$1] = $5
  next
}

mode == "paths" {
  if ($1 == "LEASE" && NF == 3) add_path($3, "")
  else if ($0 != "") add_path($0, ENVIRON["SLM_BASE"])
  next
}

{ json = json $0 "\n" }

END {
  if (now !~ /^[0-9]+$/ || now < 1000000000) exit 0
  if (mode == "hook") {
    if (!parse_hook()) exit 0
  }
  if (npaths == 0) exit 0
  decide()
}

# ---- the decision ----------------------------------------------------------------------------

function decide(   i, p, nowms, msg, n, leases) {
  nowms = now * 1000
  msg = ""
  n = 0
  for (i = 1; i <= npaths; i++) {
    p = paths[i]
    if (!(p in holder) || expires[p] <= nowms || holder[p] == me) continue
    msg = msg (n++ ? "\n" : "") refusal(p, nowms)
  }
  if (n > 0) {
    refuse(msg)
    return
  }
  if (lease != 1 || me == "") return
  leases = ""
  for (i = 1; i <= npaths; i++) {
    p = paths[i]
    if (!inside(p, base_dir)) continue
    if (!(p in holder) || expires[p] <= nowms) leases = leases "LEASE\tnew\t" p "\n"
    else if (holder[p] == me && expires[p] - nowms < RENEW_BELOW_MS) leases = leases "LEASE\trenew\t" p "\n"
  }
  printf "%s", leases
}

function refusal(p, nowms,   minutes, who, why, ask) {
  # now is whole seconds (up to 1 s early): take that second off, then round up as the broker does
  minutes = int((expires[p] - nowms - 1000 + 59999) / 60000)
  if (minutes < 1) minutes = 1
  who = holder_name[p] == "" ? holder[p] : holder_name[p]
  why = reason_of[p] == "" ? "" : " (reason: " reason_of[p] ")"
  ask = "{\"to\":\"" holder[p] "\",\"message\":\"May I edit " jesc(p) "? You hold its lock.\"}"
  return p " is locked by " who ", peer " holder[p] why "; the lock expires in " minutes \
    " minute" (minutes == 1 ? "" : "s") ". Do not edit it now: ask for it with mesh_send " ask \
    " and wait for the answer, or work on something else."
}

function refuse(msg) {
  if (client == "") { print msg; return }
  if (client == "cursor") {
    printf "{\"permission\":\"deny\",\"user_message\":\"%s\",\"agent_message\":\"%s\"}\n", jesc(msg), jesc(msg)
  } else if (client == "gemini-cli") {
    printf "{\"decision\":\"deny\",\"reason\":\"%s\"}\n", jesc(msg)
  } else {
    printf "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"%s\"}}\n", jesc(msg)
  }
}

function inside(p, dir) {
  if (dir == "" || dir == "/") return dir == "/"
  return index(p, dir "/") == 1
}

# ---- which files the tool call edits -----------------------------------------------------------

function parse_hook(   tool, k, field) {
  S = json; P = 1; L = length(S); ERR = 0
  jvalue(0, "", "")
  if (ERR) return 0
  tool = unescape(top["tool_name"])
  if (!(tool in edit_tool)) return 0
  base_dir = ("cwd" in top) && top["cwd"] ~ /^\// ? unescape(top["cwd"]) : ENVIRON["SLM_BASE"]
  base_dir = normalize(base_dir, "/")
  if (!("file_path" in ti) && !("command" in ti) && ("tool_input" in top)) {
    # a client that sends tool_input as a JSON text: read that text the same way
    S = unescape(top["tool_input"]); P = 1; L = length(S); ERR = 0
    delete top
    jvalue(1, "", "tool_input")
    if (ERR) return 0
  }
  for (k = 1; k <= 5; k++) {
    field = k == 1 ? "file_path" : k == 2 ? "notebook_path" : k == 3 ? "target_file" : k == 4 ? "absolute_path" : "path"
    if (field in ti) add_path(unescape(ti[field]), base_dir)
  }
  if (tool == "apply_patch") {
    if ("command" in ti) patch_paths(ti["command"])
    if ("patch" in ti) patch_paths(ti["patch"])
    if ("input" in ti) patch_paths(ti["input"])
  }
  return 1
}

# the files a Codex patch names: "*** Update File: p", "*** Add File: p", "*** Delete File: p",
# "*** Move to: p", each at the start of a line (maybe indented). Read from the raw JSON text,
# where a line break is the two characters \n, so a long patch is never decoded whole.
function patch_paths(raw,   at, line, end) {
  while (match(raw, /(^|\\n)[ \t]*\*\*\* (Update File|Add File|Delete File|Move to): /)) {
    raw = substr(raw, RSTART + RLENGTH)
    end = index(raw, "\\n")
    line = end > 0 ? substr(raw, 1, end - 1) : raw
    raw = end > 0 ? substr(raw, end) : ""
    line = unescape(line)
    sub(/[ \t\r]+$/, "", line)
    add_path(line, base_dir)
  }
}

function add_path(p, base,   q, i) {
  q = normalize(p, base)
  if (q == "") return
  for (i = 1; i <= npaths; i++) if (paths[i] == q) return
  paths[++npaths] = q
}

# as the broker's LockPaths: absolute (a relative path against base), "." and ".." resolved
function normalize(p, base,   n, seg, i, out, depth, stack) {
  if (p == "") return ""
  if (substr(p, 1, 1) != "/") {
    if (base == "" || substr(base, 1, 1) != "/") return ""
    p = base "/" p
  }
  n = split(p, seg, "/")
  depth = 0
  for (i = 1; i <= n; i++) {
    if (seg[i] == "" || seg[i] == ".") continue
    if (seg[i] == "..") { if (depth > 0) depth--; continue }
    stack[++depth] = seg[i]
  }
  out = ""
  for (i = 1; i <= depth; i++) out = out "/" stack[i]
  return out == "" ? "/" : out
}

# ---- a small JSON reader: keeps the top level's string values in top[] and tool_input's in ti[] --

function jvalue(depth, parent, key,   c, k, child) {
  if (depth > 64) { ERR = 1; return }
  skipws()
  c = substr(S, P, 1)
  if (c == "\"") {
    k = jstring()
    if (depth == 1 && (key in top_key)) top[key] = k
    else if (depth == 2 && parent == "tool_input" && (key in input_key)) ti[key] = k
    return
  }
  if (c == "{") {
    P++
    skipws()
    if (substr(S, P, 1) == "}") { P++; return }
    while (!ERR) {
      skipws()
      if (substr(S, P, 1) != "\"") { ERR = 1; return }
      k = unescape(jstring())
      skipws()
      if (substr(S, P, 1) != ":") { ERR = 1; return }
      P++
      child = depth == 1 ? key : parent
      jvalue(depth + 1, child, k)
      skipws()
      c = substr(S, P, 1)
      if (c == ",") { P++; continue }
      if (c == "}") { P++; return }
      ERR = 1
    }
    return
  }
  if (c == "[") {
    P++
    skipws()
    if (substr(S, P, 1) == "]") { P++; return }
    while (!ERR) {
      jvalue(depth + 1, "[", "")
      skipws()
      c = substr(S, P, 1)
      if (c == ",") { P++; continue }
      if (c == "]") { P++; return }
      ERR = 1
    }
    return
  }
  if (match(substr(S, P, 40), /^(true|false|null|-?[0-9][0-9.eE+-]*)/)) { P += RLENGTH; return }
  ERR = 1
}

function skipws(   c) {
  while (P <= L) {
    c = substr(S, P, 1)
    if (c != " " && c != "\n" && c != "\t" && c != "\r") return
    P++
  }
}

# the raw text of the string at P (escapes kept)
function jstring(   rest) {
  # most strings end within a short window; only a long one (a file's content) costs a full copy
  rest = substr(S, P, 512)
  if (!match(rest, /^"([^"\\]|\\.)*"/)) {
    rest = substr(S, P)
    if (!match(rest, /^"([^"\\]|\\.)*"/)) { ERR = 1; return "" }
  }
  P += RLENGTH
  return substr(rest, 2, RLENGTH - 2)
}

function unescape(s,   out, i, c, code, low) {
  if (index(s, "\\") == 0) return s
  out = ""
  while ((i = index(s, "\\")) > 0) {
    out = out substr(s, 1, i - 1)
    c = substr(s, i + 1, 1)
    if (c == "u") {
      code = hex4(substr(s, i + 2, 4))
      s = substr(s, i + 6)
      if (code >= 55296 && code < 56320 && substr(s, 1, 2) == "\\u") {
        low = hex4(substr(s, 3, 4))
        if (low >= 56320 && low < 57344) {
          code = 65536 + (code - 55296) * 1024 + (low - 56320)
          s = substr(s, 7)
        }
      }
      out = out utf8(code)
      continue
    }
    if (c == "n") out = out "\n"
    else if (c == "t") out = out "\t"
    else if (c == "r") out = out "\r"
    else if (c == "b") out = out "\b"
    else if (c == "f") out = out "\f"
    else out = out c
    s = substr(s, i + 2)
  }
  return out s
}

function hex4(h,   i, v, d) {
  v = 0
  for (i = 1; i <= 4; i++) {
    d = index("0123456789abcdef", tolower(substr(h, i, 1)))
    if (d == 0) return -1
    v = v * 16 + d - 1
  }
  return v
}

function utf8(c) {
  if (c <= 0) return "?"
  if (c < 128) return sprintf("%c", c)
  if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
  if (c < 65536) return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
  return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64)
}

function jesc(s,   out, i, c, n) {
  out = ""
  n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\" || c == "\"") out = out "\\" c
    else if (c == "\n") out = out "\\n"
    else if (c == "\t") out = out "\\t"
    else if (c == "\r") out = out "\\r"
    else if (c < " ") out = out "?"
    else out = out c
  }
  return out
}
