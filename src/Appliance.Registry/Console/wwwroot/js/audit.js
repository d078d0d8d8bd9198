import { get, query } from './api.js';
import { field, h, table, when } from './dom.js';

// The audit trail, newest first, filtered by user, repository and action (admins only).
export async function renderAudit(main, context) {
  const params = new URLSearchParams(location.search);
  const filters = { user: params.get('user') ?? '', repository: params.get('repository') ?? '', action: params.get('action') ?? '' };
  const events = await get(`/audit?${query(filters)}`);
  const inputs = Object.fromEntries(Object.entries(filters).map(([name, value]) => [name, h('input', { name, value, id: `audit-${name}` })]));
  main.replaceChildren(h('h1', {}, 'Audit trail'),
    h('form', { class: 'form', onsubmit: (event) => {
      event.preventDefault();
      context.navigate(`/audit?${query(Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value])))}`);
    } }, field('User', inputs.user), field('Repository', inputs.repository), field('Action', inputs.action, 'e.g. manifest.push, user.add'),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Filter'))),
    events.length
      ? table(['When', 'Action', 'User', 'From', 'Repository', 'Digest', 'Detail'], events.map((e) => h('tr', {},
        h('td', {}, when(e.time)), h('td', {}, e.action), h('td', {}, e.user ?? ''), h('td', {}, e.clientAddress ?? ''),
        h('td', {}, e.repository ?? ''), h('td', { class: 'digest' }, e.digest ?? ''), h('td', {}, e.detail ?? ''))))
      : h('p', { class: 'muted' }, 'No events match.'));
}
