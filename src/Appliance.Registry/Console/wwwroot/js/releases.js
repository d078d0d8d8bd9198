import { get, query } from './api.js';
import { h, table } from './dom.js';
import { releaseMirrorTools } from './release-mirror.js';

// Is every image of a mirrored OpenShift release here? The page for 'appliance-registry release check'.
export async function renderReleases(main, context) {
  const params = new URLSearchParams(location.search);
  const reference = h('input', { id: 'release-reference', size: 80, value: params.get('reference') ?? '',
    placeholder: 'quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64 or ocp4/openshift/release-images@sha256:…' });
  const sources = h('textarea', { id: 'release-sources', rows: 3, cols: 80,
    placeholder: 'SOURCE=MIRROR, one a line, e.g. quay.io/openshift-release-dev/ocp-v4.0-art-dev=HOST/ocp4/openshift/release' },
  params.getAll('source').join('\n'));
  const result = h('div', { id: 'release-result' });
  const check = h('button', { id: 'release-check', class: 'primary', onclick: async () => {
    const lines = sources.value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
    const search = new URLSearchParams({ reference: reference.value.trim() });
    for (const line of lines) search.append('source', line);
    history.replaceState(null, '', `/releases?${search}`);
    result.replaceChildren(h('p', { class: 'muted' }, 'Checking…'));
    try {
      result.replaceChildren(...report(await get(`/releases/check?${search}`)));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error', id: 'release-error' }, error.message));
    }
  } }, 'Check');
  const tools = releaseMirrorTools(context, () => ({ reference: reference.value.trim(),
    sources: sources.value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0) }), result);
  main.replaceChildren(h('h1', {}, 'Check a mirrored release'),
    h('p', { class: 'muted' }, 'Reads the release image\'s list of components from its stored layers and looks each one up in its mirror repository.'),
    h('label', {}, 'Release ', reference), h('label', {}, 'Sources ', sources),
    h('div', { class: 'toolbar' }, check, ...tools.actions), result, tools.jobs);
  if (reference.value) check.click();
}

function report(r) {
  const missing = r.payloads.flatMap((p) => p.missing.map((m) => ({ ...m, platform: p.platform })));
  return [
    h('p', { id: 'release-summary', class: r.complete ? 'ok' : 'error' }, r.complete
      ? `Complete: every component of ${r.reference} is here.`
      : r.payloads.length === 0 ? `Incomplete: no platform of ${r.reference} is mirrored.`
        : `Incomplete: ${missing.length} component image(s) of ${r.reference} are missing.`),
    r.absent.length ? h('p', { id: 'release-absent', class: 'muted' },
      `Not mirrored, not checked: ${r.absent.map((a) => a.platform).join(', ')} (the release index lists them; oc-mirror left them out).`) : null,
    table(['Platform', 'Version', 'Components', 'Present'], r.payloads.map((p) =>
      h('tr', {}, h('td', {}, p.platform ?? '—'), h('td', {}, p.version), h('td', {}, p.components), h('td', {}, p.present)))),
    missing.length ? table(['Missing component', 'Source', 'Expected in the mirror'], missing.map((m) =>
      h('tr', { class: 'missing' }, h('td', {}, m.name), h('td', { class: 'digest' }, m.source), h('td', { class: 'digest' }, m.mirror)))) : null,
  ];
}
