"""A stdlib-only client that makes exactly the requests the original SLM Mesh Python client makes
(the original's Python client): urllib, Content-Type on every request, a JSON body only when
the body is non-empty, the bearer token re-read from the data directory on every call, and HTTP-200
{"ok": false} answers returned rather than raised. It drives every method against a live broker
and prints one JSON object with the results, which CompatClientIT checks."""
import json
import os
import sys
import urllib.error
import urllib.request


class MeshError(Exception):
    def __init__(self, message, status_code=0):
        super().__init__(message)
        self.status_code = status_code


class Client:
    def __init__(self, host="127.0.0.1", port=7899, timeout=5):
        self.base = "http://%s:%d" % (host, port)
        self.timeout = timeout
        data = os.environ.get("SLM_MESH_DATA_DIR", os.path.expanduser("~/.slm-mesh"))
        self.token_path = os.path.join(data, "broker.token")

    def _token(self):
        try:
            with open(self.token_path) as f:
                return f.read().strip() or None
        except OSError:
            return None

    def _request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if path != "/health":
            token = self._token()
            if token:
                headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                text = resp.read().decode()
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as e:
            raise MeshError(e.read().decode(), e.code)
        except urllib.error.URLError as e:
            raise MeshError("Cannot connect to broker at %s: %s" % (self.base, e.reason))

    def health(self): return self._request("GET", "/health")
    def status(self): return self._request("GET", "/status")
    def register(self, pid, project_path, agent_type="unknown", name="auto", uds_path=None):
        body = {"pid": pid, "projectPath": project_path, "agentType": agent_type, "name": name}
        if uds_path:
            body["udsPath"] = uds_path
        return self._request("POST", "/register", body)
    def unregister(self, peer_id): return self._request("POST", "/unregister", {"peerId": peer_id})
    def heartbeat(self, peer_id): return self._request("POST", "/heartbeat", {"peerId": peer_id})
    def set_summary(self, peer_id, summary): return self._request("POST", "/summary", {"peerId": peer_id, "summary": summary})
    def peers(self, scope="machine"): return self._request("POST", "/peers", {"scope": scope}).get("peers", [])
    def send(self, from_peer, to_peer, payload, msg_type="text"):
        return self._request("POST", "/send", {"fromPeer": from_peer, "toPeer": to_peer, "payload": payload, "type": msg_type}).get("messageId", "")
    def broadcast(self, from_peer, payload, msg_type="text"):
        return self._request("POST", "/send", {"fromPeer": from_peer, "toPeer": "all", "payload": payload, "type": msg_type}).get("messageIds", [])
    def inbox(self, peer_id, msg_filter="unread", limit=20):
        return self._request("POST", "/messages", {"peerId": peer_id, "filter": msg_filter, "limit": limit}).get("messages", [])
    def state_get(self, key, namespace="default"):
        return self._request("POST", "/state", {"action": "get", "key": key, "namespace": namespace}).get("entry")
    def state_set(self, key, value, peer_id, namespace="default"):
        return self._request("POST", "/state", {"action": "set", "key": key, "value": value, "peerId": peer_id, "namespace": namespace}).get("entry", {})
    def state_list(self, namespace="default"):
        return self._request("POST", "/state", {"action": "list", "namespace": namespace}).get("entries", [])
    def state_delete(self, key, namespace="default"):
        self._request("POST", "/state", {"action": "delete", "key": key, "namespace": namespace})
    def lock(self, file_path, peer_id, reason="", ttl_minutes=10):
        return self._request("POST", "/lock", {"action": "lock", "filePath": file_path, "peerId": peer_id, "reason": reason, "ttlMinutes": ttl_minutes}).get("lock", {})
    def unlock(self, file_path, peer_id):
        self._request("POST", "/lock", {"action": "unlock", "filePath": file_path, "peerId": peer_id})
    def locks(self, file_path=None):
        body = {"action": "query"}
        if file_path:
            body["filePath"] = file_path
        return self._request("POST", "/lock", body).get("locks", [])
    def events(self, types=None, since=None, limit=50):
        body = {"action": "read", "limit": limit}
        if types:
            body["types"] = types
        if since:
            body["since"] = since
        return self._request("POST", "/events", body).get("events", [])


def main():
    c = Client(port=int(sys.argv[1]))
    out = {"health": c.health()}
    a = c.register(os.getpid(), "/repo", agent_type="codex", name="py-a")
    b = c.register(os.getpid(), "/repo")
    out["register"] = [a, b]
    out["heartbeat"] = c.heartbeat(a["peerId"])
    out["summary"] = c.set_summary(a["peerId"], "python here")
    out["peers"] = c.peers()
    out["send"] = c.send(a["peerId"], b["peerId"], "hello from python")
    out["broadcast"] = c.broadcast(b["peerId"], "hi all")
    out["inbox"] = c.inbox(b["peerId"])
    out["inbox_again"] = c.inbox(b["peerId"])
    out["inbox_all"] = c.inbox(b["peerId"], msg_filter="all")
    out["state_set"] = c.state_set("db_version", "42", a["peerId"])
    out["state_get"] = c.state_get("db_version")
    out["state_list"] = c.state_list()
    c.state_delete("db_version")
    out["state_after_delete"] = c.state_get("db_version")
    out["lock"] = c.lock("/repo/src/auth.ts", a["peerId"], reason="refactor")
    out["lock_refused"] = c.lock("/repo/src/auth.ts", b["peerId"])
    out["locks"] = c.locks()
    c.unlock("/repo/src/auth.ts", a["peerId"])
    out["locks_after_unlock"] = c.locks("/repo/src/auth.ts")
    out["events"] = c.events(types=["file_locked", "file_unlocked"])
    out["events_since_future"] = c.events(since="2999-01-01T00:00:00.000Z")
    out["status"] = c.status()
    out["unregister"] = c.unregister(b["peerId"])
    out["peers_after"] = c.peers()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
