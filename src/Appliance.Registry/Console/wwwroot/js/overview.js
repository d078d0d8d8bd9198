import { get } from './api.js';
import { bytes, h, when } from './dom.js';

const card = (label, value, id) => h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));

function duration(seconds) {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}

export async function renderOverview(main) {
  const o = await get('/overview');
  const certificate = o.certificate;
  main.replaceChildren(
    h('h1', {}, 'Overview'),
    o.warnings.length ? h('ul', { id: 'warnings' }, o.warnings.map((w) => h('li', { class: 'warning' }, w))) : h('p', { class: 'muted' }, 'No warnings.'),
    h('div', { class: 'cards' },
      card('Version', (o.version ?? '—').replace(/\+(.{7}).*/, ' ($1)')),
      card('Uptime', duration(o.uptimeSeconds)),
      card('Certificate', certificate ? `${certificate.names.join(', ')} — expires in ${certificate.daysToExpiry} days` : 'TLS off'),
      card('Disk', o.disk.totalBytes === null ? 'object store (no fixed capacity)' : `${bytes(o.disk.freeBytes)} free of ${bytes(o.disk.totalBytes)}, reserve ${bytes(o.disk.reserveBytes)}`),
      card('Stored', bytes(o.disk.storedBytes)),
      card('Deduplication', `${o.deduplicationRatio}× (${bytes(o.linkedBytes)} of images)`),
      card('Repositories', o.counts.repositories, 'count-repositories'),
      card('Manifests', o.counts.manifests),
      card('Tags', o.counts.tags),
      card('Blobs', o.counts.blobs),
      card('Uploads in progress', o.counts.uploadsInProgress),
      card('Last GC', o.lastGc ? `${when(o.lastGc.time)}: ${o.lastGc.detail ?? ''}` : 'never')));
}
