import { get } from './api.js';
import { bytes, h, table, when } from './dom.js';

// Admins only: the upstreams the pull-through cache fetches from, its counts since the registry started, and what it holds.
export async function renderUpstreams(main) {
  const { upstreams, counts, repositories } = await get('/upstreams');
  main.replaceChildren(h('h1', {}, 'Upstreams'),
    h('div', { id: 'upstream-list' }, upstreams.length
      ? table(['Upstream', 'Authentication', 'Mapped sources'], upstreams.map((u) => h('tr', {},
        h('td', {}, u.host), h('td', {}, u.authentication),
        h('td', {}, u.mappings.map((m) => h('div', {}, `${m.source} → ${m.mirror}`))))))
      : h('p', { class: 'muted' }, 'No upstreams are configured (upstreams:mappings).')),
    h('h2', {}, 'Cache since start'),
    table(['Hits', 'Misses', 'Upstream bytes', 'Errors', 'Stale serves'], [h('tr', { id: 'cache-counts' },
      h('td', {}, counts.hits), h('td', {}, counts.misses), h('td', {}, bytes(counts.upstreamBytes)), h('td', {}, counts.errors), h('td', {}, counts.stale))]),
    h('h2', {}, 'Cached repositories'),
    h('div', { id: 'cached-repositories' }, repositories.length
      ? table(['Repository', 'Manifests', 'Blobs', 'Size', 'Last used'], repositories.map((r) => h('tr', {},
        h('td', {}, h('a', { href: `/repositories/${r.repository}` }, r.repository)), h('td', {}, r.manifests), h('td', {}, r.blobs),
        h('td', {}, bytes(r.bytes)), h('td', {}, when(r.lastUsed)))))
      : h('p', { class: 'muted' }, 'Nothing fetched through the cache yet.')));
}
