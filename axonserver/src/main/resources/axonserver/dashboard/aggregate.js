'use strict';
(() => {
  const { el, link, api, frame, say, time, shortType } = Dashboard;
  const id = new URLSearchParams(window.location.search).get('id') || '';
  const main = frame('aggregate', 'Aggregate');
  const form = el('form', { class: 'search', method: 'get', action: '/aggregate.html' },
    el('label', {}, 'Aggregate id', el('input', { name: 'id', id: 'aggregate-id', value: id, size: 40 })),
    el('button', { type: 'submit', text: 'Show' }));
  main.append(form);
  if (!id) return;
  (async () => {
    try {
      const a = await api('/v1/aggregates/' + encodeURIComponent(id));
      main.append(el('p', { id: 'aggregate-summary' },
        `${a.aggregateType || 'untyped'} ${a.aggregateId}: ${a.events.length} events shown, highest sequence ${a.highestSequence}` +
        (a.truncated ? ' (only the newest events are shown)' : '') + `, ${a.snapshots.length} snapshots`));
      const snapshots = new Map(a.snapshots.map(s => [s.sequence, s]));
      const timeline = el('ol', { class: 'timeline', id: 'timeline' });
      for (const e of a.events) {
        timeline.append(el('li', { class: 'event', 'data-sequence': e.sequence },
          el('div', {}, el('strong', { text: '#' + e.sequence + ' ' }), el('span', { class: 'event-type', title: e.payloadType, text: shortType(e.payloadType) }),
            ' · ', time(e.timestamp), ' · token ', link('/event.html', { token: e.token }, e.token)),
          el('pre', { class: 'payload', text: e.payload })));
        const snapshot = snapshots.get(e.sequence);
        if (snapshot) {
          timeline.append(el('li', { class: 'snapshot', 'data-sequence': snapshot.sequence },
            el('div', {}, el('strong', { text: 'Snapshot at #' + snapshot.sequence }), ' · ', time(snapshot.timestamp)),
            el('pre', { class: 'payload', text: snapshot.payload })));
        }
      }
      main.append(timeline);
    } catch (e) {
      say(e.message, true);
    }
  })();
})();
