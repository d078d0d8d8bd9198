import { ApiError, get } from './api.js';
import { bytes, h, table, when } from './dom.js';
import { barChart } from './charts.js';
import { quotaSection } from './quotas.js';
import { retentionSection } from './retention.js';

// Grants and robots come from the Access and Robots pages' API, which answers registry admins and this namespace's admins.
async function administered(path) {
  try { return await get(path); } catch (error) {
    if (error instanceof ApiError && [401, 403].includes(error.status)) return null;
    throw error;
  }
}

const covers = (pattern, namespace) => (pattern.endsWith('*') ? namespace.startsWith(pattern.slice(0, -1)) : pattern === namespace);

// One namespace: its repositories by size, its quota and retention, who may use it (grants) and its robot accounts.
export async function renderNamespace(main, context, name) {
  const [ns, grants, robots] = await Promise.all([get(`/namespaces/${encodeURIComponent(name)}`), administered('/grants'), administered('/robots')]);
  const mine = grants?.filter((g) => covers(g.namespace, name)) ?? null;
  const own = robots?.filter((r) => r.namespace === name) ?? null;

  // The quota and retention pages' own sections, as they show them for this namespace.
  const quota = h('div', { id: 'namespace-quota' }, quotaSection(name));
  // The grants answer only the namespace's admins, who may also run its retention.
  const retention = h('div', { id: 'namespace-retention' }, retentionSection(name, { admin: grants !== null }));

  main.replaceChildren(
    h('h1', {}, `Namespace ${name}`),
    h('p', { id: 'namespace-summary' }, `${ns.repositoryCount} repositories holding ${bytes(ns.uniqueBytes)} (a blob its repositories share counted once).`),
    h('section', { class: 'panel' }, h('h2', {}, 'Repositories by size'),
      barChart('namespace-repositories', ns.repositories.map((r) => ({ name: r.name, value: r.uniqueBytes, href: `/repositories/${r.name}`,
        detail: `${bytes(r.uniqueBytes)} · ${r.tags} tags · pushed ${when(r.lastPush)}` }))),
      ns.repositoryCount > ns.repositories.length ? h('p', { class: 'muted' }, `The ${ns.repositories.length} largest of ${ns.repositoryCount}.`) : null),
    quota,
    retention,
    h('h2', {}, 'Grants'),
    mine === null ? h('p', { class: 'muted', id: 'namespace-grants' }, `Registry admins and admins of ${name} see its grants.`)
      : mine.length ? h('div', { id: 'namespace-grants' }, table(['Kind', 'Principal', 'Namespace', 'Permission'], mine.map((g) =>
        h('tr', {}, h('td', {}, g.kind), h('td', {}, g.principal || '—'), h('td', {}, g.namespace), h('td', {}, g.permission)))),
      h('p', {}, h('a', { href: '/access' }, 'Change grants on the Access page')))
        : h('p', { class: 'muted', id: 'namespace-grants' }, 'No grant names this namespace.'),
    h('h2', {}, 'Robot accounts'),
    own === null ? h('p', { class: 'muted', id: 'namespace-robots' }, `Registry admins and admins of ${name} see its robot accounts.`)
      : own.length ? h('div', { id: 'namespace-robots' }, table(['Robot', 'Description', 'Expires', 'Last used'], own.map((r) =>
        h('tr', { 'data-robot': r.name }, h('td', {}, r.name), h('td', {}, r.description), h('td', {}, r.expiresAt ? when(r.expiresAt) : 'never'),
          h('td', {}, r.lastUsed ? when(r.lastUsed) : 'never')))),
      h('p', {}, h('a', { href: '/robots' }, 'Manage robots on the Robots page')))
        : h('p', { class: 'muted', id: 'namespace-robots' }, 'This namespace owns no robot account.'));
}
