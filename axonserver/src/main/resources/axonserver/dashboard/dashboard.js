'use strict';
// Every value from the server goes into the page as text (textContent / text nodes), never as markup: event
// payloads are written by applications and may contain anything, <script> included.

const Dashboard = (() => {
  const pages = [['/', 'Overview', 'overview'], ['/events.html', 'Events', 'events'],
    ['/aggregate.html', 'Aggregate', 'aggregate'], ['/processors.html', 'Event processors', 'processors'],
    ['/messages.html', 'Commands & queries', 'messages']];

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function link(path, params, text) {
    const query = new URLSearchParams(params).toString();
    return el('a', { href: path + (query ? '?' + query : ''), text });
  }

  function cookie(name) {
    const found = document.cookie.split('; ').find(c => c.startsWith(name + '='));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
  }

  async function api(path, options = {}) {
    const headers = { 'Accept': 'application/json' };
    const xsrf = cookie('XSRF-TOKEN');
    if (xsrf) headers['X-XSRF-TOKEN'] = xsrf;
    const response = await fetch(path, { credentials: 'same-origin', ...options, headers });
    if (response.status === 401) {
      window.location.href = '/login';
      throw new Error('Not logged in');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.detail) || ('HTTP ' + response.status));
    return body;
  }

  function frame(active, title) {
    const nav = el('header', {}, el('strong', { text: 'axonserver' }));
    for (const [href, label, id] of pages) {
      nav.append(el('a', { href, text: label, class: id === active ? 'active' : '' }));
    }
    const main = el('main', {}, el('h1', { text: title }));
    const message = el('div', { id: 'message', class: 'message', hidden: '' });
    main.append(message);
    document.body.replaceChildren(nav, main);
    return main;
  }

  function say(text, isError) {
    const message = document.getElementById('message');
    message.textContent = text;
    message.className = 'message' + (isError ? ' error' : '');
    message.hidden = false;
  }

  function table(id, headers, rows) {
    const head = el('tr', {}, ...headers.map(h => el('th', { text: h })));
    return el('table', { id }, el('thead', {}, head), el('tbody', {}, ...rows));
  }

  function cell(value, cls) {
    return el('td', cls ? { class: cls } : {}, value instanceof Node ? value : String(value ?? ''));
  }

  function time(iso) {
    return iso ? new Date(iso).toISOString().replace('T', ' ').replace('Z', ' UTC') : '';
  }

  function bytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + ' ' + units[i];
  }

  function shortType(type) {
    const cut = Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'));
    return cut >= 0 ? type.substring(cut + 1) : type;
  }

  function every(ms, fn) {
    fn();
    return setInterval(fn, ms);
  }

  return { el, link, api, frame, say, table, cell, time, bytes, shortType, every };
})();
