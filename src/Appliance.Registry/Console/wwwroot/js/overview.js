import { ApiError, get } from './api.js';
import { bytes, h, when } from './dom.js';
import { barChart, fitted, gauge, historyChart, legend } from './charts.js';

const card = (label, value, id) => h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));

function duration(seconds) {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}

// Quotas per namespace, or null where the registry has none to show (no quota endpoint, or not for this caller).
async function quotas() {
  try { return await get('/quotas'); } catch (error) {
    if (error instanceof ApiError && [403, 404].includes(error.status)) return null;
    throw error;
  }
}

function deduplicationSentence(o) {
  if (o.linkedBytes <= o.disk.storedBytes) {
    return `No layer is shared between repositories yet, so the storage holds what the images add up to: ${bytes(o.disk.storedBytes)}.`;
  }
  return `The images add up to ${bytes(o.linkedBytes)}, but a layer several repositories share is stored once, so the storage holds `
    + `${bytes(o.disk.storedBytes)}: ${o.deduplicationRatio}× less, ${bytes(o.linkedBytes - o.disk.storedBytes)} saved.`;
}

export async function renderOverview(main) {
  const [o, usage, quotaList] = await Promise.all([get('/overview'), get('/usage'), quotas()]);
  const certificate = o.certificate;
  // The stored row of today was sampled at start or midnight; the overview's own figures are now.
  const today = new Date().toISOString().slice(0, 10);
  const days = usage.history.filter((d) => d.day !== today).concat({ day: today, totalBytes: o.linkedBytes, uniqueBytes: o.disk.storedBytes });
  main.replaceChildren(
    h('h1', {}, 'Overview'),
    o.warnings.length ? h('ul', { id: 'warnings' }, o.warnings.map((w) => h('li', { class: 'warning' }, w))) : h('p', { class: 'muted' }, 'No warnings.'),
    h('section', { class: 'panel' },
      h('h2', {}, 'Stored bytes over time'),
      fitted(h('div', { id: 'usage-history', class: 'chart-box' }), (width) => historyChart(days, width)),
      legend(['unique', 'stored (each blob once)'], ['total', 'images added up (without deduplication)']),
      h('p', { id: 'deduplication' }, deduplicationSentence(o))),
    h('div', { class: 'columns' },
      h('section', { class: 'panel' }, h('h2', {}, 'Largest namespaces'),
        usage.namespaces.length ? barChart('largest-namespaces', usage.namespaces.map((n) => ({ name: n.namespace, value: n.uniqueBytes,
          href: `/namespaces/${n.namespace}`, detail: `${bytes(n.uniqueBytes)} · ${n.repositories} repositories` })))
          : h('p', { class: 'muted' }, 'Nothing stored yet.')),
      h('section', { class: 'panel' }, h('h2', {}, 'Largest repositories'),
        usage.repositories.length ? barChart('largest-repositories', usage.repositories.map((r) => ({ name: r.name, value: r.uniqueBytes,
          href: `/repositories/${r.name}`, detail: bytes(r.uniqueBytes) })))
          : h('p', { class: 'muted' }, 'Nothing stored yet.'),
        h('p', { class: 'muted' }, 'A repository\'s size counts the blobs no other repository links: what deleting it would free.'))),
    // Only when the registry has quotas (GET /api/v1/quotas answers) and some are set.
    ...(quotaList?.length ? [h('section', { class: 'panel', id: 'quota-use' }, h('h2', {}, 'Quota use'), h('div', { class: 'gauges' }, quotaList.map(gauge)))] : []),
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
