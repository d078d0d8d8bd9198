import { get } from './api.js';
import { field, h, table, when } from './dom.js';
import { releaseMirrorTools } from './release-mirror.js';

// Where oc-mirror and 'oc adm release mirror' take release components from.
const COMPONENT_SOURCE = 'quay.io/openshift-release-dev/ocp-v4.0-art-dev';

const status = (r) => (r.problem ? h('span', { class: 'error' }, r.problem)
  : r.complete ? h('span', { class: 'ok' }, `complete (${r.components} components)`)
    : h('span', { class: 'error' }, `incomplete: ${r.components - r.present} of ${r.components} components missing`));

// The releases this registry holds, then a check of any release (also one mirrored elsewhere): 'appliance-registry release check'.
export async function renderReleases(main, context) {
  const releases = await get('/releases');
  const params = new URLSearchParams(location.search);
  const reference = h('input', { id: 'release-reference', value: params.get('reference') ?? '',
    placeholder: 'quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64 or ocp4/openshift/release-images@sha256:…' });
  const sources = h('textarea', { id: 'release-sources', rows: 3,
    placeholder: 'SOURCE=MIRROR, one a line, e.g. quay.io/openshift-release-dev/ocp-v4.0-art-dev=HOST/ocp4/openshift/release' },
  params.getAll('source').join('\n'));
  const result = h('div', { id: 'release-result' });
  const check = async (event) => {
    event?.preventDefault();
    const lines = sources.value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
    const search = new URLSearchParams({ reference: reference.value.trim() });
    for (const line of lines) search.append('source', line);
    history.replaceState(null, '', `/releases?${search}`);
    result.replaceChildren(h('p', { class: 'muted' }, 'Checking…'));
    try {
      result.replaceChildren(...report(await get(`/releases/check?${search}`)));
      result.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error', id: 'release-error' }, error.message));
    }
  };
  const checkLink = (r) => `/releases?${new URLSearchParams([['reference', `${r.repository}@${r.digest}`], ['source', `${COMPONENT_SOURCE}=${location.host}/${r.componentRepository}`]])}`;

  // Admins with upstreams also get 'release mirror' and 'release check --fill' for the release in the form, and the sync jobs.
  const tools = releaseMirrorTools(context, () => ({ reference: reference.value.trim(),
    sources: sources.value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0) }), result);
  main.replaceChildren(h('h1', {}, 'Releases'),
    h('p', { class: 'muted' }, 'OpenShift releases in this registry (release images in …/release-images or …/ocp-release, components in …/release or …/ocp-v4.0-art-dev beside them), newest first.'),
    releases.length
      ? h('div', { id: 'release-list' }, table(['Version', 'Architectures', 'Image', 'Pushed', 'Payload', ''], releases.map((r) => h('tr', { 'data-release': `${r.repository}@${r.digest}`, class: r.complete ? 'complete' : 'incomplete' },
        h('td', {}, r.version ?? '—'), h('td', {}, r.architectures.join(', ') || '—'),
        h('td', {}, h('a', { href: `/repositories/${r.repository}` }, r.repository), r.tags.map((t) => h('span', { class: 'tag' }, t))),
        h('td', {}, when(r.pushedAt)), h('td', { 'data-status': '' }, status(r)),
        h('td', {}, r.complete ? null : h('a', { href: checkLink(r), 'data-missing': `${r.repository}@${r.digest}` }, 'Which are missing?'))))))
      : h('p', { class: 'muted', id: 'release-list-empty' }, 'No OpenShift release found in this registry.'),
    h('h2', {}, 'Check a mirrored release'),
    h('p', { class: 'muted' }, 'Also for a release mirrored elsewhere: reads the release image\'s list of components from its stored layers and looks each one up in its mirror repository.'),
    h('form', { class: 'form', onsubmit: check },
      field('Release', reference, 'a reference to the release image, here or as its source names it'),
      field('Sources', sources, 'where component images were mirrored to, when the release is not in this registry\'s own layout'),
      h('div', { class: 'toolbar' }, h('button', { id: 'release-check', class: 'primary', type: 'submit' }, 'Check'), ...tools.actions)),
    result, tools.jobs);
  if (reference.value) check();
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
