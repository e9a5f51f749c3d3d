'use strict';
(() => {
  const { el, link, api, frame, say, table, cell, time, shortType } = Dashboard;
  const main = frame('events', 'Events');
  const params = new URLSearchParams(window.location.search);
  const fields = [['aggregateId', 'Aggregate id'], ['aggregateType', 'Aggregate type'], ['payloadType', 'Event type'],
    ['text', 'Payload contains'], ['from', 'From (ISO instant)'], ['to', 'To (ISO instant)'], ['size', 'Page size']];
  const form = el('form', { class: 'search', id: 'search' });
  for (const [name, label] of fields) {
    form.append(el('label', {}, label, el('input', { name, id: 'f-' + name, value: params.get(name) || (name === 'size' ? '20' : ''),
      placeholder: name === 'from' ? '2025-01-31T12:00:00Z' : '' })));
  }
  const tail = el('input', { type: 'checkbox', id: 'live-tail' });
  form.append(el('button', { type: 'submit', id: 'search-button', text: 'Search' }), el('label', {}, 'Live tail', tail));
  const status = el('p', { id: 'search-status', class: 'muted' });
  const body = el('tbody', { id: 'events-body' });
  const results = el('table', { id: 'events-table' },
    el('thead', {}, el('tr', {}, ...['Token', 'Timestamp', 'Aggregate', 'Seq', 'Event type', 'Payload'].map(h => el('th', { text: h })))), body);
  const older = el('button', { id: 'older', text: 'Older', hidden: '' });
  main.append(form, status, results, older);

  let nextBefore = null;
  let highest = -1;
  let timer = null;

  function criteria() {
    const query = {};
    for (const [name] of fields) {
      const value = document.getElementById('f-' + name).value.trim();
      if (value) query[name] = value;
    }
    return query;
  }

  function row(e) {
    const preview = e.payload.length > 300 ? e.payload.substring(0, 300) + '…' : e.payload;
    return el('tr', { 'data-token': e.token },
      cell(link('/event.html', { token: e.token }, e.token), 'num'), cell(time(e.timestamp)),
      cell(e.aggregateIdentifier ? link('/aggregate.html', { id: e.aggregateIdentifier }, e.aggregateIdentifier) : ''),
      cell(e.sequence ?? '', 'num'), cell(el('span', { title: e.payloadType, text: shortType(e.payloadType) })),
      cell(el('pre', { class: 'payload', text: preview })));
  }

  async function load(append) {
    const query = criteria();
    if (append && nextBefore !== null) query.before = nextBefore;
    try {
      const page = await api('/v1/events?' + new URLSearchParams(query));
      if (!append) body.replaceChildren();
      page.events.forEach(e => { body.append(row(e)); highest = Math.max(highest, e.token); });
      if (!append) highest = Math.max(highest, page.head);
      nextBefore = page.nextBefore;
      older.hidden = nextBefore === null;
      status.textContent = `${body.children.length} shown · ${page.scanned} events examined` +
        (page.budgetExhausted ? ' · scan budget reached, "Older" continues' : '') + ` · head token ${page.head}`;
    } catch (e) {
      say(e.message, true);
    }
  }

  async function poll() {
    const query = criteria();
    query.after = highest;
    query.size = Math.min(Number(query.size || 20), 200);
    try {
      const page = await api('/v1/events?' + new URLSearchParams(query));
      // newest first: insert in reverse so the newest ends on top
      for (const e of page.events.slice().reverse()) {
        body.prepend(row(e));
        highest = Math.max(highest, e.token);
      }
      highest = Math.max(highest, page.head);
      status.textContent = `live tail · ${body.children.length} shown · head token ${page.head}`;
    } catch (e) {
      say(e.message, true);
    }
  }

  form.addEventListener('submit', event => { event.preventDefault(); load(false); });
  older.addEventListener('click', () => load(true));
  tail.addEventListener('change', () => {
    if (timer) clearInterval(timer);
    timer = tail.checked ? setInterval(poll, 1000) : null;
  });
  load(false);
})();
