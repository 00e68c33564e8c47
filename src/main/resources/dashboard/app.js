// SLM Mesh dashboard: live views over server-sent events, the person's actions over POST.
// Every text from the mesh goes into the page with textContent, never as HTML.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const REPLY = /^\(reply to message ([^)\s]{1,100})\) /;
  const MAX_EVENTS = 500;
  const PAGE = 50;
  const model = {
    csrf: '', person: 'cli', peers: new Map(), msgs: [], byId: new Map(), locks: [], lockSkew: 0,
    state: [], events: [], more: true, loading: false, replyTo: null, snapshot: 0, shown: PAGE, hidden: false,
  };
  const dirty = new Set();
  const sentinel = el('li', 'sentinel');
  const threads = new Map();
  let frame = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function touch(part) {
    dirty.add(part);
    if (!frame) frame = requestAnimationFrame(render);
  }
  function name(id) {
    if (id === model.person) return 'you (' + id + ')';
    if (id === 'all') return 'everyone';
    const p = model.peers.get(id);
    return p ? p.name : id;
  }
  function ago(ms) {
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    return Math.floor(s / 3600) + ' h ago';
  }
  /** working, idle or waiting (for its human) since when; older brokers send none. */
  function presence(pr) {
    if (!pr || typeof pr !== 'object') return '—';
    const since = Date.parse(pr.since);
    return pr.state + (isNaN(since) ? '' : ' since ' + clock(since)) + (pr.wakeable ? ' (wakeable)' : '');
  }
  function clock(ms) { return new Date(ms).toLocaleTimeString(); }
  function clipNote(row, field) {
    const full = row[field + 'Length'];
    return full ? ' … (clipped: ' + row[field].length + ' of ' + full + ' characters shown)' : '';
  }

  // ---- filters ------------------------------------------------------------------------------
  const filters = { peer: '', project: '', machine: '', type: '' };
  function peerPasses(p) {
    return (!filters.peer || p.id === filters.peer)
      && (!filters.project || p.projectPath === filters.project)
      && (!filters.machine || (p.machineName || '') === filters.machine);
  }
  function idPasses(id) {
    const p = model.peers.get(id);
    return !!p && (!filters.project || p.projectPath === filters.project)
      && (!filters.machine || (p.machineName || '') === filters.machine);
  }
  function involves(ids) {
    if (filters.peer && !ids.includes(filters.peer)) return false;
    return !(filters.project || filters.machine) || ids.some(idPasses);
  }
  function fillSelect(select, values, label) {
    const keep = select.value;
    const first = select.options[0];
    select.replaceChildren(first);
    for (const v of values) {
      const o = el('option', null, label ? label(v) : v);
      o.value = v;
      select.appendChild(o);
    }
    select.value = values.includes(keep) || keep === first.value ? keep : first.value;
  }
  function refreshChoices() {
    const peers = [...model.peers.values()];
    const ids = peers.map((p) => p.id);
    fillSelect($('f-peer'), [model.person, ...ids], name);
    fillSelect($('send-to'), ids, (id) => name(id) + ' (' + id.slice(0, 8) + ')');
    fillSelect($('f-project'), [...new Set(peers.map((p) => p.projectPath))].sort());
    fillSelect($('f-machine'), [...new Set(peers.map((p) => p.machineName || '').filter(Boolean))].sort());
    const types = new Set(['text', 'json', 'command', 'alert']);
    model.events.forEach((e) => types.add(e.type));
    fillSelect($('f-type'), [...types].sort());
  }

  // ---- rendering ------------------------------------------------------------------------------
  function render() {
    frame = 0;
    const parts = new Set(dirty);
    dirty.clear();
    if (parts.has('peers') || parts.has('events')) refreshChoices();
    if (parts.has('peers')) renderPeers();
    if (parts.has('peers') || parts.has('msgs')) renderTimeline();
    if (parts.has('peers') || parts.has('locks')) renderLocks();
    if (parts.has('state')) renderState();
    if (parts.has('events')) renderEvents();
    if (model.snapshot === 1) {
      model.snapshot = 2;
      performance.mark('slm-first-view'); // the whole first view is on screen (bench/, docs/performance.md)
    }
  }
  function renderPeers() {
    const rows = [...model.peers.values()].filter(peerPasses);
    $('peer-count').textContent = '(' + model.peers.size + (rows.length !== model.peers.size ? ', ' + rows.length + ' shown' : '') + ')';
    const body = document.createDocumentFragment();
    for (const p of rows) {
      const tr = el('tr');
      const who = el('td');
      who.append(el('div', null, p.name), el('div', 'id', p.id));
      const proj = el('td');
      proj.append(el('div', null, p.projectPath), el('div', 'id', p.gitBranch ? 'branch ' + p.gitBranch : ''));
      const push = p.pushConnected === undefined ? '—' : p.pushConnected ? 'linked' : 'down';
      tr.append(who, el('td', null, p.agentType), el('td', null, p.machineName || '—'), proj,
        el('td', 'summary', p.summary || '—'), el('td', null, p.deliveryPath || '—'),
        el('td', p.pushConnected ? 'on' : 'off', push), el('td', null, presence(p.presence)));
      const hb = el('td', Date.now() - p.lastHeartbeatMs > 60000 ? 'stale' : null, ago(p.lastHeartbeatMs));
      hb.dataset.hb = p.lastHeartbeatMs;
      hb.title = new Date(p.lastHeartbeatMs).toString();
      tr.append(hb);
      body.appendChild(tr);
    }
    $('peers').tBodies[0].replaceChildren(body);
  }
  /** Rows of one broadcast (same sender, time, type and text) shown as one entry. */
  function groups() {
    const out = [];
    for (const m of model.msgs) {
      const last = out[out.length - 1];
      if (last && last.from === m.from && last.at === m.at && last.type === m.type && last.text === m.text) {
        last.rows.push(m);
      } else {
        out.push({ from: m.from, at: m.at, type: m.type, text: m.text, rows: [m] });
      }
    }
    return out;
  }
  /** The newest entries only, more as the list scrolls: the first view stays small. */
  function renderTimeline() {
    threads.clear();
    for (const m of model.msgs) {
      const r = REPLY.exec(m.text);
      if (r) threads.set(r[1], (threads.get(r[1]) || 0) + 1);
    }
    const list = document.createDocumentFragment();
    let shown = 0;
    model.hidden = false;
    for (const g of groups()) {
      const ids = [g.from, ...g.rows.map((r) => r.to)];
      if ((filters.type && g.type !== filters.type) || !involves(ids)) continue;
      if (shown++ >= model.shown) { model.hidden = true; break; }
      list.appendChild(messageItem(g));
    }
    list.appendChild(sentinel);
    $('timeline').replaceChildren(list);
  }
  function messageItem(g) {
    const first = g.rows[0];
    const li = el('li', g.from === model.person ? 'mine' : first.to === model.person ? 'to-me' : null);
    li.id = 'm-' + first.id;
    const meta = el('div', 'meta');
    const to = g.rows.length > 1 ? 'everyone (' + g.rows.length + ')' : name(first.to);
    meta.append(el('span', 'who', name(g.from)), el('span', null, '→'), el('span', 'who', to),
      el('span', 'badge', g.type), el('time', null, clock(g.at)));
    const counts = {};
    g.rows.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
    for (const s of ['queued', 'delivered', 'read']) {
      if (counts[s]) {
        const b = el('span', 'badge status st-' + s, g.rows.length > 1 ? counts[s] + ' ' + s : s);
        b.dataset.status = s;
        meta.appendChild(b);
      }
    }
    li.appendChild(meta);
    let text = g.text;
    const reply = REPLY.exec(text);
    if (reply) {
      text = text.slice(reply[0].length);
      const parent = model.byId.get(reply[1]);
      const jump = el('button', 'linkish', '↩ reply to ' + (parent ? name(parent.from) + ': “' + parent.text.slice(0, 60) + '”' : 'message ' + reply[1]));
      jump.type = 'button';
      jump.addEventListener('click', () => focusMessage(reply[1]));
      li.appendChild(jump);
    }
    li.appendChild(el('div', 'text', text + clipNote(first, 'text')));
    const replies = threads.get(first.id) || 0;
    if (first.to === model.person && first.status !== 'read') {
      const seen = el('button', 'linkish', 'Mark read');
      seen.type = 'button';
      seen.addEventListener('click', () => act('read', { ids: [first.id] }, $('send-status')));
      li.appendChild(seen);
    }
    if (g.from !== model.person) {
      const answer = el('button', 'linkish', replies ? 'Reply (' + replies + ' in thread)' : 'Reply');
      answer.type = 'button';
      answer.addEventListener('click', () => startReply(first));
      li.appendChild(answer);
    }
    return li;
  }
  function focusMessage(id) {
    const item = $('m-' + id);
    if (!item) return;
    item.tabIndex = -1;
    item.scrollIntoView({ block: 'center' });
    item.focus();
    item.classList.add('flash');
    setTimeout(() => item.classList.remove('flash'), 1500);
  }
  function renderLocks() {
    const body = document.createDocumentFragment();
    const rows = model.locks.filter((l) => involves([l.holder]));
    $('lock-count').textContent = '(' + model.locks.length + ')';
    for (const l of rows) {
      const tr = el('tr');
      const left = el('td', null, '');
      left.dataset.expires = l.expiresAt;
      const act = el('td');
      const btn = el('button', null, 'Release');
      btn.type = 'button';
      btn.setAttribute('aria-label', 'Release the lock on ' + l.path + ' held by ' + name(l.holder));
      btn.addEventListener('click', () => releaseLock(l));
      act.appendChild(btn);
      tr.append(el('td', 'summary', l.path), el('td', null, name(l.holder)), el('td', 'summary', l.reason || '—'), left, act);
      body.appendChild(tr);
    }
    $('locks').tBodies[0].replaceChildren(body);
    ticks();
  }
  function renderState() {
    const box = document.createDocumentFragment();
    const byNs = new Map();
    for (const e of model.state) {
      if (!involves([e.by])) continue;
      if (!byNs.has(e.namespace)) byNs.set(e.namespace, []);
      byNs.get(e.namespace).push(e);
    }
    for (const [ns, entries] of byNs) {
      box.appendChild(el('h3', null, ns || '(empty namespace)'));
      const dl = el('dl');
      for (const e of entries) {
        const dd = el('dd');
        dd.append(el('code', null, e.value + clipNote(e, 'value')), el('span', 'id', ' by ' + name(e.by) + ', ' + clock(e.at) + ' '));
        const del = el('button', 'linkish', 'Delete');
        del.type = 'button';
        del.setAttribute('aria-label', 'Delete ' + ns + '/' + e.key);
        del.addEventListener('click', () => act('state/delete', { namespace: ns, key: e.key }, $('state-status')));
        dd.appendChild(del);
        dl.append(el('dt', null, e.key), dd);
      }
      box.appendChild(dl);
    }
    if (!byNs.size) box.appendChild(el('p', 'note', 'No state keys.'));
    const target = $('state');
    target.className = 'state';
    target.replaceChildren(box);
  }
  function renderEvents() {
    const list = document.createDocumentFragment();
    for (const e of model.events) {
      if ((filters.type && e.type !== filters.type) || !involves([e.by])) continue;
      const li = el('li');
      li.append(el('time', 'id', clock(e.at) + ' '), el('strong', null, e.type + ' '), el('span', null, 'by ' + name(e.by) + ' '),
        el('code', null, e.payload + clipNote(e, 'payload')));
      list.appendChild(li);
    }
    $('events').replaceChildren(list);
  }
  /** Time left on locks and heartbeat ages, counted here from the times already received. */
  function ticks() {
    const now = Date.now() + model.lockSkew;
    document.querySelectorAll('[data-expires]').forEach((td) => {
      const s = Math.max(0, Math.round((Number(td.dataset.expires) - now) / 1000));
      td.textContent = s >= 60 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s' : s + ' s';
    });
    document.querySelectorAll('[data-hb]').forEach((td) => { td.textContent = ago(Number(td.dataset.hb)); });
  }

  // ---- the live stream --------------------------------------------------------------------------
  /** Rows come newest first: live ones are newer than any known, older pages older than any. */
  function upsertMessages(rows, replace, older) {
    if (replace) { model.msgs = []; model.byId.clear(); model.more = true; }
    const fresh = [];
    for (const r of rows) {
      const known = model.byId.get(r.id);
      if (known) Object.assign(known, r); else { model.byId.set(r.id, r); fresh.push(r); }
    }
    if (fresh.length) model.msgs = older ? model.msgs.concat(fresh) : fresh.concat(model.msgs);
    touch('msgs');
  }
  function connect() {
    const source = new EventSource('api/stream');
    const on = (name, fn) => source.addEventListener(name, (e) => fn(JSON.parse(e.data)));
    on('hello', (h) => {
      performance.mark('slm-hello');
      model.csrf = h.csrf;
      model.person = h.person;
      $('conn').textContent = 'Live · ' + h.machine;
      $('conn').className = 'conn ok';
    });
    on('peers', (d) => {
      if (d.replace) model.peers.clear();
      (d.remove || []).forEach((id) => model.peers.delete(id));
      d.upsert.forEach((p) => model.peers.set(p.id, p));
      touch('peers');
    });
    on('messages', (d) => upsertMessages(d.rows, d.replace, false));
    on('locks', (d) => { model.locks = d.rows; model.lockSkew = d.now - Date.now(); touch('locks'); });
    on('state', (d) => { model.state = d.rows; touch('state'); });
    on('events', (d) => {
      model.events = d.replace ? d.rows : d.rows.concat(model.events).slice(0, MAX_EVENTS);
      if (d.replace && !model.snapshot) model.snapshot = 1; // the last frame of the first snapshot
      touch('events');
    });
    source.onerror = () => {
      $('conn').textContent = source.readyState === EventSource.CLOSED ? 'Disconnected: reload, or log in again' : 'Reconnecting…';
      $('conn').className = 'conn ' + (source.readyState === EventSource.CLOSED ? 'bad' : 'wait');
    };
  }
  async function loadOlder() {
    if (model.hidden) { model.shown += PAGE; touch('msgs'); return; }
    if (model.loading || !model.more || !model.msgs.length) return;
    model.loading = true;
    $('older-status').textContent = 'Loading…';
    try {
      const last = model.msgs[model.msgs.length - 1];
      model.shown += PAGE;
      const res = await fetch('api/messages?limit=' + PAGE + '&before=' + encodeURIComponent(last.id), { credentials: 'same-origin' });
      const body = await res.json();
      if (!body.ok) throw new Error(body.error);
      model.more = body.more;
      upsertMessages(body.rows, false, true);
      $('older-status').textContent = body.more ? '' : 'No older messages.';
    } catch (e) {
      $('older-status').textContent = 'Could not load older messages: ' + e.message;
    } finally {
      model.loading = false;
    }
  }

  // ---- actions ----------------------------------------------------------------------------------
  async function act(path, body, status) {
    status.textContent = 'Working…';
    status.classList.remove('err');
    try {
      const res = await fetch('api/' + path, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': model.csrf },
        body: JSON.stringify(body),
      });
      const answer = await res.json();
      if (!answer.ok) throw new Error(answer.error || ('HTTP ' + res.status));
      status.textContent = 'Done.';
      return answer;
    } catch (e) {
      status.textContent = 'Refused: ' + e.message;
      status.classList.add('err');
      return null;
    }
  }
  function startReply(m) {
    model.replyTo = m.id;
    $('send-to').value = m.from;
    const note = $('reply-note');
    note.hidden = false;
    note.firstElementChild.textContent = 'Replying to ' + name(m.from) + ': “' + m.text.slice(0, 60) + '”';
    $('send-text').focus();
  }
  function endReply() { model.replyTo = null; $('reply-note').hidden = true; }
  function releaseLock(l) {
    if (!confirm('Release the lock on ' + l.path + ' held by ' + name(l.holder) + '? The holder is not asked.')) return;
    act('lock/release', { path: l.path }, $('lock-status'));
  }

  function wire() {
    $('send-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      let text = $('send-text').value;
      if (model.replyTo) text = '(reply to message ' + model.replyTo + ') ' + text;
      const ok = await act('send', { to: $('send-to').value, type: $('send-type').value, message: text }, $('send-status'));
      if (ok) { $('send-text').value = ''; endReply(); }
    });
    $('send-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('send-form').requestSubmit();
    });
    $('reply-cancel').addEventListener('click', endReply);
    $('state-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      await act('state/set', { namespace: $('state-ns').value, key: $('state-key').value, value: $('state-value').value }, $('state-status'));
    });
    const filterForm = $('filters');
    const apply = () => {
      filters.peer = $('f-peer').value; filters.project = $('f-project').value;
      filters.machine = $('f-machine').value; filters.type = $('f-type').value;
      ['peers', 'msgs', 'locks', 'state', 'events'].forEach(touch);
    };
    filterForm.addEventListener('change', apply);
    filterForm.addEventListener('reset', () => setTimeout(apply, 0));
    $('older').addEventListener('click', loadOlder);
    $('logout').addEventListener('click', async () => {
      await act('logout', {}, $('send-status'));
      location.reload();
    });
    // older messages load when the end of the list scrolls into view
    new IntersectionObserver((seen) => { if (seen.some((s) => s.isIntersecting)) loadOlder(); },
      { root: $('timeline'), rootMargin: '200px' }).observe($('timeline').appendChild(sentinel));
    setInterval(ticks, 1000);
  }

  wire();
  connect();
}());
