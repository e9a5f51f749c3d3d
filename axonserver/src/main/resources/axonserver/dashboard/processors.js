'use strict';
(() => {
  const { el, link, api, frame, say, table, cell, time, shortType, every } = Dashboard;
  const main = frame('processors', 'Event processors');
  const list = el('div', { id: 'processors' });
  main.append(el('p', { class: 'muted', text: 'As each application last reported. Actions are sent to the application; its new state shows when it reports back. Exact replay progress and dead letters come from the application\'s admin API, where one is configured.' }), list);
  // payloads of dead letters the user opened stay open across refreshes
  const openPayloads = new Set();

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

  function adminPath(p, suffix) {
    return `/v1/processors/${encodeURIComponent(p.processor)}${suffix}?` + new URLSearchParams({ component: p.component });
  }

  /** Retry (one sequence or all) or evict, then show what the application did. */
  async function deadLetterAction(p, label, method, suffix) {
    try {
      const r = await api(adminPath(p, '/dead-letters' + suffix), { method });
      if (r) {
        say(`${label} ${p.processor}: ${r.processed} of ${r.sequences} sequence(s) processed, ${r.parked} letter(s) still parked`, r.processed < r.sequences);
      } else {
        say(`${label} ${p.processor}: done`);
      }
    } catch (e) {
      say(e.message, true);
    }
    refresh();
  }

  function button(text, handler, cls) {
    return el('button', { type: 'button', class: cls || 'action-' + text.toLowerCase(), text, onclick: handler });
  }

  function duration(seconds) {
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }

  function replayLine(p, admin) {
    if (admin.replayError) {
      return el('p', { class: 'replay error', text: 'Replay progress unavailable: ' + admin.replayError });
    }
    const r = admin.replay;
    if (!r) return null;
    if (!r.replaying) {
      return el('p', { class: 'replay muted', text: `No replay in progress (${p.component} admin API).` });
    }
    const range = r.toPosition != null
      ? (r.fromPosition < 0 ? ` of the events up to token ${r.toPosition} (full replay)`
        : ` of the events after token ${r.fromPosition} up to ${r.toPosition}` + (r.from ? ` (from ${time(r.from)})` : ''))
      : ' (its range is unknown: it was not started through the admin API)';
    return el('p', { class: 'replay' }, 'Replay ', el('strong', { class: 'replay-percent', text: r.progressPercent.toFixed(1) + ' %' }),
      range, ' · ETA ', el('strong', { class: 'replay-eta', text: r.etaSeconds != null ? duration(r.etaSeconds) : 'not known yet' }),
      r.startedAt ? ` · started ${time(r.startedAt)}` : '');
  }

  function letterRows(p, sequence) {
    return sequence.letters.map((l, i) => {
      const payload = l.event != null ? el('details', { 'data-message-id': l.messageId },
        el('summary', { text: 'payload' }), el('pre', { class: 'payload', text: JSON.stringify(l.event, null, 2) })) : null;
      if (payload) {
        if (openPayloads.has(l.messageId)) payload.setAttribute('open', '');
        payload.addEventListener('toggle', () => payload.open ? openPayloads.add(l.messageId) : openPayloads.delete(l.messageId));
      }
      const aggregate = l.aggregateId ? el('span', {}, link('/aggregate.html', { id: l.aggregateId }, l.aggregateId),
        l.aggregateSequence != null ? ' #' + l.aggregateSequence : '') : '';
      const error = l.error != null || l.errorType != null
        ? cell((l.errorType ? shortType(l.errorType) + ': ' : '') + (l.error ?? ''), 'error')
        : cell(el('span', { class: 'muted', text: 'waits behind the first event of its sequence' }));
      const actions = el('span', {},
        i === 0 ? button('Retry', () => deadLetterAction(p, 'retry', 'POST', '/' + encodeURIComponent(l.messageId) + '/retry'), 'action-retry') : '',
        i === 0 ? ' ' : '',
        button('Evict', () => {
          if (window.confirm(`Drop ${shortType(l.eventType)} of ${sequence.sequence} without handling it?`)) {
            deadLetterAction(p, 'evict', 'DELETE', '/' + encodeURIComponent(l.messageId));
          }
        }, 'action-evict'));
      return el('tr', { 'data-message-id': l.messageId, 'data-sequence': sequence.sequence },
        cell(i === 0 ? sequence.sequence : ''), cell(el('span', {}, shortType(l.eventType), ' ', aggregate, payload)),
        error, cell(l.attempts, 'num'), cell(time(l.enqueuedAt)), cell(actions));
    });
  }

  function deadLetterBlock(p, admin) {
    const block = el('div', { class: 'dead-letters', 'data-processor': p.processor, 'data-component': p.component },
      el('h3', { text: 'Dead letters' }));
    if (admin.deadLettersError) {
      block.append(el('p', { class: 'error', text: 'Dead letters unavailable: ' + admin.deadLettersError }));
      return block;
    }
    const d = admin.deadLetters;
    if (!d) return block;
    if (!d.sequences.length) {
      block.append(el('p', { class: 'muted dead-letters-summary', text: 'None parked.' }));
      return block;
    }
    block.append(el('p', { class: 'dead-letters-summary' },
      `${d.letters} event(s) parked in ${d.sequences.length} sequence(s) `,
      button('Retry all', () => deadLetterAction(p, 'retry all', 'POST', '/retry'), 'action-retry-all')),
      table(null, ['Sequence', 'Event', 'Error', 'Attempts', 'Parked at', 'Actions'], d.sequences.flatMap(s => letterRows(p, s))));
    return block;
  }

  function adminBlock(p, admin) {
    if (!p.adminApi) {
      return el('p', { class: 'muted admin-not-configured', text: `Dead letters and exact replay progress: not configured (no admin API of ${p.component} in axoniq.axonserver.dashboard.admin-api).` });
    }
    return el('div', { class: 'admin' }, p.adminApi.replay ? replayLine(p, admin) : null,
      p.adminApi.deadLetters ? deadLetterBlock(p, admin)
        : el('p', { class: 'muted admin-not-configured', text: `Dead letters: not configured for ${p.component}.` }));
  }

  function render(p, admin) {
    const state = p.error ? 'Error' : p.running ? 'Running' : 'Paused';
    const segments = p.segments.map(s => el('tr', { 'data-segment': s.segment },
      cell(s.segment, 'num'), cell('1/' + s.onePartOf), cell(s.claimedBy), cell(s.tokenPosition, 'num'), cell(s.lag, 'num'),
      cell(s.caughtUp ? 'yes' : 'no'),
      cell(s.replaying ? 'yes' + (s.replayProgressPercent != null ? ` (~${s.replayProgressPercent.toFixed(1)} %)` : '') : 'no'),
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
        : el('p', { class: 'muted', text: p.streaming ? 'No segment claimed by this instance.' : 'Not a streaming processor.' }),
      admin !== undefined ? adminBlock(p, admin) : null);
  }

  /** What the component's admin API says about the processor; its failures are shown in place, not as the page's message. */
  async function loadAdmin(p) {
    const admin = {};
    const calls = [];
    if (p.adminApi && p.adminApi.replay) {
      calls.push(api(adminPath(p, '/replay')).then(r => { admin.replay = r; }, e => { admin.replayError = e.message; }));
    }
    if (p.adminApi && p.adminApi.deadLetters) {
      calls.push(api(adminPath(p, '/dead-letters')).then(d => { admin.deadLetters = d; }, e => { admin.deadLettersError = e.message; }));
    }
    await Promise.all(calls);
    return admin;
  }

  let refreshing = false;
  async function refresh() {
    if (refreshing) return; // an admin API that answers slowly must not pile up requests
    refreshing = true;
    try {
      const processors = await api('/v1/processors');
      // the admin API speaks for a processor of a component, not for one instance: asked once, shown once
      const admins = new Map();
      for (const p of processors) {
        const key = p.component + '\u0000' + p.processor;
        if (!admins.has(key)) admins.set(key, loadAdmin(p));
      }
      const shown = new Set();
      const sections = [];
      for (const p of processors) {
        const key = p.component + '\u0000' + p.processor;
        sections.push(render(p, shown.has(key) ? undefined : await admins.get(key)));
        shown.add(key);
      }
      list.replaceChildren(...(sections.length ? sections
        : [el('p', { class: 'muted', text: 'No application reports event processors.' })]));
    } catch (e) {
      say(e.message, true);
    } finally {
      refreshing = false;
    }
  }
  every(2000, refresh);
})();
