import { api, get, query } from './api.js';
import { bytes, h, table, when } from './dom.js';

export async function renderRepository(main, context, name) {
  const repository = await get(`/repository?${query({ name })}`);
  const canDelete = context.session.role === 'push' || context.session.role === 'admin';
  const status = h('p', { id: 'status', class: 'notice', role: 'status', hidden: true });
  const show = (text, error = false) => { status.hidden = false; status.textContent = text; status.className = error ? 'notice error' : 'notice'; };

  const copy = async (line) => {
    try { await navigator.clipboard.writeText(line); show(`Copied: ${line}`); } catch { show(`Copy this: ${line}`); }
  };
  const remove = async (what, path) => {
    if (!confirm(`Delete ${what}? This cannot be undone.`)) return;
    try { await api('DELETE', path); context.navigate(location.pathname, true); } catch (error) { show(error.message, true); }
  };
  const pullLine = (reference) => `podman pull ${location.host}/${name}${reference}`;

  const rows = repository.manifests.map((m) => h('tr', { 'data-digest': m.digest },
    h('td', {}, m.tags.length ? m.tags.map((tag) => h('span', { class: 'tag' }, tag,
      canDelete ? h('button', { class: 'danger', title: `delete tag ${tag}`, 'data-delete-tag': tag,
        onclick: () => remove(`tag ${name}:${tag} (the manifest ${m.digest} stays)`, `/tag?${query({ repository: name, tag })}`) }, '×') : null)) : h('span', { class: 'muted' }, 'untagged')),
    h('td', {}, h('a', { class: 'digest', href: `/manifests/${name}@${m.digest}` }, m.digest.slice(0, 19) + '…')),
    h('td', {}, m.kind),
    h('td', {}, m.platforms.join(', ')),
    h('td', {}, bytes(m.size)),
    h('td', {}, when(m.pushedAt)),
    h('td', {},
      h('button', { 'data-copy': 'digest', onclick: () => copy(pullLine(`@${m.digest}`)) }, 'Copy pull'),
      m.tags.length ? h('button', { 'data-copy': 'tag', onclick: () => copy(pullLine(`:${m.tags[0]}`)) }, 'Copy tag pull') : null,
      canDelete ? h('button', { class: 'danger', 'data-delete-manifest': m.digest,
        onclick: () => remove(`manifest ${name}@${m.digest}${m.tags.length ? ` and its tags ${m.tags.join(', ')}` : ''}`, `/manifest?${query({ repository: name, digest: m.digest })}`) }, 'Delete') : null)));

  const namespace = name.split('/')[0];
  main.replaceChildren(h('h1', {}, name), h('p', {}, 'In namespace ', h('a', { href: `/namespaces/${namespace}`, id: 'namespace-link' }, namespace)), status,
    table(['Tags', 'Digest', 'Kind', 'Platforms', 'Size', 'Pushed', ''], rows));
}
