'use strict';
(() => {
  const { el, link, api, frame, say, table, cell, time, bytes, every } = Dashboard;
  const main = frame('overview', 'Overview');
  const figures = el('dl', { id: 'event-store', class: 'figures' });
  const apps = el('div', { id: 'applications' });
  main.append(el('h2', { text: 'Event store' }), figures, el('h2', { text: 'Connected applications' }), apps);

  function list(items) {
    return items.length ? el('span', {}, items.map(s => Dashboard.shortType(s)).join(', ')) : el('span', { class: 'muted', text: 'none' });
  }

  async function refresh() {
    try {
      const o = await api('/v1/overview');
      const s = o.eventStore;
      figures.replaceChildren(
        el('dt', { text: 'Events' }), el('dt', { text: 'Aggregates' }), el('dt', { text: 'Snapshots' }),
        el('dt', { text: 'Size on disk' }), el('dt', { text: 'Appends now' }), el('dt', { text: 'Node' }),
        el('dd', { id: 'figure-events', text: s.events }), el('dd', { id: 'figure-aggregates', text: s.aggregates }),
        el('dd', { id: 'figure-snapshots', text: s.snapshots }), el('dd', { text: bytes(s.sizeOnDiskBytes) }),
        el('dd', { text: s.appendRatePerSecond.toFixed(1) + ' /s' }), el('dd', { text: o.node }));
      const rows = o.applications.map(a => el('tr', { 'data-client': a.clientId },
        cell(a.clientId), cell(a.component), cell(a.host), cell(time(a.since)),
        cell(list(a.commands)), cell(list(a.queries)),
        cell(a.processors.length ? link('/processors.html', {}, a.processors.join(', ')) : '')));
      apps.replaceChildren(rows.length
        ? table('applications-table', ['Client id', 'Component', 'Host', 'Since', 'Command handlers',
          'Query handlers', 'Event processors'], rows)
        : el('p', { class: 'muted', text: 'No application is connected.' }));
    } catch (e) {
      say(e.message, true);
    }
  }
  every(2000, refresh);
})();
