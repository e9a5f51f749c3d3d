'use strict';
(() => {
  const { el, api, frame, say, table, cell, every } = Dashboard;
  const main = frame('processors', 'Event processors');
  const list = el('div', { id: 'processors' });
  main.append(el('p', { class: 'muted', text: 'As each application last reported. Actions are sent to the application; its new state shows when it reports back.' }), list);

  async function act(p, action, segment) {
    const query = { clientId: p.clientId };
    if (segment !== undefined) query.segment = segment;
    try {
      const r = await api(`/v1/processors/${encodeURIComponent(p.processor)}/${action}?` + new URLSearchParams(query), { method: 'POST' });
      say(r.success ? `${action} ${p.processor} on ${p.clientId}: done` : `${action} ${p.processor} on ${p.clientId} failed: ${r.error}`, !r.success);
    } catch (e) {
      say(e.message, true);
    }
    refresh();
  }

  function button(text, handler) {
    return el('button', { type: 'button', class: 'action-' + text.toLowerCase(), text, onclick: handler });
  }

  function render(p) {
    const state = p.error ? 'Error' : p.running ? 'Running' : 'Paused';
    const segments = p.segments.map(s => el('tr', { 'data-segment': s.segment },
      cell(s.segment, 'num'), cell('1/' + s.onePartOf), cell(s.claimedBy), cell(s.tokenPosition, 'num'), cell(s.lag, 'num'),
      cell(s.caughtUp ? 'yes' : 'no'),
      cell(s.replaying ? 'yes' + (s.replayProgressPercent != null ? ` (${s.replayProgressPercent.toFixed(1)} %)` : '') : 'no'),
      cell(s.errorState, 'error'),
      cell(el('span', {}, button('Split', () => act(p, 'split', s.segment)), ' ',
        button('Merge', () => act(p, 'merge', s.segment)), ' ', button('Release', () => act(p, 'release', s.segment))))));
    return el('section', { class: 'processor', 'data-processor': p.processor, 'data-client': p.clientId },
      el('h2', {}, p.processor + ' ', el('span', { class: 'muted', text: `on ${p.clientId} (${p.component})` })),
      el('p', {}, 'Mode ', el('strong', { text: p.mode }), ' · status ',
        el('span', { class: 'status status-' + state.toLowerCase(), text: state }),
        ` · threads ${p.activeThreads} active, ${p.availableThreads} free · head token ${p.head}` +
        (p.tokenStoreIdentifier ? ` · token store ${p.tokenStoreIdentifier}` : ''), ' ',
        button('Pause', () => act(p, 'pause')), ' ', button('Start', () => act(p, 'start'))),
      segments.length ? table(null, ['Segment', 'Part', 'Claimed by', 'Token', 'Lag', 'Caught up', 'Replaying', 'Error', 'Actions'], segments)
        : el('p', { class: 'muted', text: p.streaming ? 'No segment claimed by this instance.' : 'Not a streaming processor.' }));
  }

  async function refresh() {
    try {
      const processors = await api('/v1/processors');
      list.replaceChildren(...(processors.length ? processors.map(render)
        : [el('p', { class: 'muted', text: 'No application reports event processors.' })]));
    } catch (e) {
      say(e.message, true);
    }
  }
  every(2000, refresh);
})();
