import { get, query } from './api.js';
import { bytes, h, when } from './dom.js';

const PAGE_SIZE = 25;

// Search, sort and page live in the URL, so every view of the list is a link and the back button returns to it.
export async function renderRepositories(main, context) {
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'name';
  const page = Number(params.get('page') ?? 1);
  const go = (changes) => context.navigate(`/repositories?${query({ q, sort, page: 1, ...changes })}`);

  const result = await get(`/repositories?${query({ q, sort, page, pageSize: PAGE_SIZE })}`);
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Search repositories', value: q });
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => go({ q: search.value }), 300); });
  const sortHeading = (key, title) => h('button', { onclick: () => go({ sort: key }), 'data-sort': key }, title + (sort === key ? ' ▾' : ''));
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));

  main.replaceChildren(
    h('h1', {}, 'Repositories'),
    h('div', { class: 'toolbar' }, search, h('span', { class: 'muted', id: 'total' }, `${result.total} repositories`)),
    h('table', { id: 'repositories', class: 'stack' },
      h('thead', {}, h('tr', {}, h('th', {}, sortHeading('name', 'Name')), h('th', {}, 'Namespace'), h('th', {}, 'Tags'),
        h('th', {}, sortHeading('size', 'Unique size')), h('th', {}, sortHeading('pushed', 'Last push')))),
      h('tbody', {}, result.items.map((r) => h('tr', {},
        h('td', { 'data-label': 'Name' }, h('a', { href: `/repositories/${r.name}` }, r.name)),
        h('td', { 'data-label': 'Namespace' }, h('a', { href: `/namespaces/${r.name.split('/')[0]}`, 'data-namespace': r.name.split('/')[0] }, r.name.split('/')[0])),
        h('td', { 'data-label': 'Tags' }, r.tags), h('td', { 'data-label': 'Unique size' }, bytes(r.uniqueBytes)),
        h('td', { 'data-label': 'Last push' }, when(r.lastPush)))))),
    h('div', { class: 'toolbar' },
      h('button', { id: 'previous', disabled: page <= 1, onclick: () => go({ page: page - 1 }) }, '‹ Previous'),
      h('span', {}, `Page ${page} of ${pages}`),
      h('button', { id: 'next', disabled: page >= pages, onclick: () => go({ page: page + 1 }) }, 'Next ›')));
  if (q) { search.focus(); search.setSelectionRange(q.length, q.length); }
}
