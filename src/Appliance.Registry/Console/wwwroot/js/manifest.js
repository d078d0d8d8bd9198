import { get, query } from './api.js';
import { bytes, h, table } from './dom.js';

export async function renderManifest(main, context, repository, digest) {
  const m = await get(`/manifest?${query({ repository, reference: digest })}`);
  const parts = [
    h('h1', {}, h('a', { href: `/repositories/${repository}` }, repository), '@', h('span', { id: 'digest' }, m.digest)),
    h('p', {}, `${m.kind} — ${m.mediaType}`),
  ];
  if (m.config) {
    const labels = Object.entries(m.config.labels ?? {});
    parts.push(h('h2', {}, 'Config'), table(['OS', 'Architecture', 'Created', 'Labels'], [h('tr', { id: 'config' },
      h('td', {}, m.config.os ?? ''), h('td', {}, [m.config.architecture, m.config.variant].filter(Boolean).join('/')), h('td', {}, m.config.created ?? ''),
      h('td', {}, labels.map(([k, v]) => h('div', {}, `${k}=${v}`))))]));
  }
  if (m.layers.length) {
    parts.push(h('h2', {}, 'Layers'), table(['Digest', 'Media type', 'Size'],
      m.layers.map((l) => h('tr', {}, h('td', { class: 'digest' }, l.digest), h('td', {}, l.mediaType), h('td', {}, bytes(l.size))))));
  }
  if (m.children.length) {
    // A sparse index lists platforms that were not mirrored (oc-mirror's platform filter): named, not linked.
    parts.push(h('h2', {}, 'Platforms'), table(['Platform', 'Digest', 'Size', 'Mirrored'],
      m.children.map((c) => h('tr', { class: c.present ? '' : 'absent' },
        h('td', {}, c.present ? h('a', { href: `/manifests/${repository}@${c.digest}`, 'data-platform': c.platform }, c.platform || '(none)')
          : h('span', { 'data-platform': c.platform }, c.platform || '(none)')),
        h('td', { class: 'digest' }, c.digest), h('td', {}, bytes(c.size)), h('td', {}, c.present ? 'yes' : 'not mirrored')))));
  }
  parts.push(h('h2', {}, 'Referrers'), m.referrers.length
    ? table(['Artifact type', 'Digest', 'Size'], m.referrers.map((r) => h('tr', {}, h('td', {}, r.artifactType ?? r.mediaType),
      h('td', {}, h('a', { class: 'digest', href: `/manifests/${repository}@${r.digest}` }, r.digest)), h('td', {}, bytes(r.size)))))
    : h('p', { class: 'muted' }, 'No signatures, SBOMs or other artifacts refer to this manifest.'));
  parts.push(h('h2', {}, 'Stored JSON'), h('pre', { id: 'json' }, JSON.stringify(JSON.parse(m.json), null, 2)));
  main.replaceChildren(...parts);
}
