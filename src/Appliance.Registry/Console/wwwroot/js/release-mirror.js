import { api, get } from './api.js';
import { bytes, h, table, when } from './dom.js';

// What the Releases page adds for admins: 'release mirror' and 'release check --fill' (with upstreams configured) and the
// sync jobs. readInput() gives { reference, sources } as the page's fields hold them; an outcome goes into result.
export function releaseMirrorTools(context, readInput, result) {
  if (context?.session?.role !== 'admin') return { actions: [], jobs: null };
  return { actions: mirrorActions(readInput, result), jobs: syncJobs() };
}

function mirrorActions(readInput, result) {
  const run = (fill) => async () => {
    const { reference, sources } = readInput();
    result.replaceChildren(h('p', { class: 'muted' }, fill ? 'Copying the missing components…' : 'Copying the release and its components…'));
    try {
      result.replaceChildren(...outcome(await api('POST', '/releases/mirror', { reference, sources, fill })));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error', id: 'release-mirror-error' }, error.message));
    }
  };
  return [
    h('button', { id: 'release-mirror', type: 'button', onclick: run(false), title: 'copy the release and every component from the upstreams' }, 'Mirror'),
    h('button', { id: 'release-fill', type: 'button', onclick: run(true), title: 'copy only the components the check finds missing' }, 'Fill'),
  ];
}

function outcome(r) {
  return [
    h('p', { id: 'release-mirror-summary', class: r.complete ? 'ok' : 'error' },
      `${r.copied} of ${r.components} component(s) copied${r.complete ? '; the release is complete.' : '; the release is still incomplete.'}`),
    h('p', { class: 'muted' }, r.summary),
    r.signatures.length ? h('p', { class: 'muted' }, `Signatures: ${r.signatures.join(', ')}`) : null,
    r.failures.length ? table(['Not copied'], r.failures.map((f) => h('tr', { class: 'missing' }, h('td', {}, f)))) : null,
  ];
}

// The sync jobs and their last runs ('appliance-registry sync list'); nothing while there are none.
function syncJobs() {
  const section = h('section', { id: 'sync-jobs' });
  get('/sync/jobs').then((jobs) => {
    if (jobs.length === 0) return;
    section.replaceChildren(h('h2', {}, 'Sync jobs'), table(['Job', 'Repositories', 'Filter', 'Every', 'Last run'], jobs.map((j) => h('tr', {},
      h('td', {}, j.name), h('td', {}, j.repositories.join(' ')),
      h('td', {}, [j.tagPattern, j.versionRange, j.platforms.join(',')].filter(Boolean).join(' ') || 'all tags'),
      h('td', {}, `${Math.round(j.intervalSeconds / 60)} min`),
      h('td', {}, j.lastRun ? `${when(j.lastRun.startedAt)}: ${j.lastRun.imagesCopied} copied (${bytes(j.lastRun.bytesCopied)}), ${j.lastRun.failures} failed` : 'never')))));
  }).catch(() => {});
  return section;
}
