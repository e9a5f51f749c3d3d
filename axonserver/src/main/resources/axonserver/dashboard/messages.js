'use strict';
(() => {
  const { el, api, frame, say, table, cell, every } = Dashboard;
  const main = frame('messages', 'Commands and queries');
  const commands = el('div', { id: 'commands' });
  const queries = el('div', { id: 'queries' });
  main.append(el('p', { class: 'muted', text: 'As this server saw them since it started: latency from dispatch to the final answer.' }),
    el('h2', { text: 'Commands' }), commands, el('h2', { text: 'Queries' }), queries);

  function render(target, id, messages) {
    const rows = messages.map(m => el('tr', { 'data-name': m.name },
      cell(m.name), cell(m.handlers.join(', ')), cell(m.count, 'num'), cell(m.errors, 'num'),
      cell(m.perSecondLastMinute.toFixed(2), 'num'), cell(m.p50Millis.toFixed(2), 'num'),
      cell(m.p99Millis.toFixed(2), 'num'), cell(m.maxMillis.toFixed(2), 'num')));
    target.replaceChildren(rows.length ? table(id, ['Name', 'Handlers', 'Count', 'Errors', 'Per second (last minute)',
      'p50 ms', 'p99 ms', 'max ms'], rows) : el('p', { class: 'muted', text: 'none yet' }));
  }

  every(2000, async () => {
    try {
      const m = await api('/v1/messages');
      render(commands, 'commands-table', m.commands);
      render(queries, 'queries-table', m.queries);
    } catch (e) {
      say(e.message, true);
    }
  });
})();
