'use strict';
(() => {
  const { el, link, api, frame, say, table, cell, time } = Dashboard;
  const token = new URLSearchParams(window.location.search).get('token');
  const main = frame('events', 'Event ' + (token ?? ''));
  (async () => {
    try {
      const e = await api('/v1/events/' + encodeURIComponent(token ?? ''));
      const rows = [['Token', e.token], ['Message id', e.messageIdentifier],
        ['Aggregate', e.aggregateIdentifier ? link('/aggregate.html', { id: e.aggregateIdentifier }, e.aggregateIdentifier) : '—'],
        ['Aggregate type', e.aggregateType ?? '—'], ['Sequence', e.sequence ?? '—'], ['Timestamp', time(e.timestamp)],
        ['Event type', e.payloadType], ['Revision', e.payloadRevision || '—'],
        ['Correlation id', e.correlationId ?? '—'], ['Causation id', e.causationId ?? '—']];
      const detail = el('dl', { class: 'detail', id: 'event-detail' });
      for (const [label, value] of rows) detail.append(el('dt', { text: label }), el('dd', {}, value));
      const metadata = Object.entries(e.metadata).map(([k, v]) =>
        el('tr', {}, cell(k), cell(typeof v === 'object' ? JSON.stringify(v) : v)));
      main.append(detail, el('h2', { text: 'Payload' }), el('pre', { id: 'payload', text: e.payload }),
        el('h2', { text: 'Metadata' }), metadata.length ? table('metadata', ['Key', 'Value'], metadata)
          : el('p', { class: 'muted', text: 'none' }));
    } catch (e) {
      say(e.message, true);
    }
  })();
})();
