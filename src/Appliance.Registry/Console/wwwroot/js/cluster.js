import { get } from './api.js';
import { field, h } from './dom.js';

// Admins: the files that connect a cluster to this registry, as 'appliance-registry cluster-config' writes them.
export async function renderClusterConfig(main) {
  const prefix = h('input', { id: 'cluster-prefix', value: 'ocp4', placeholder: 'where oc-mirror mirrored to, e.g. ocp4' });
  const sources = h('textarea', { id: 'cluster-sources', rows: 3, placeholder: 'or SOURCE=MIRROR, one a line' });
  const policy = h('select', { id: 'cluster-policy' }, h('option', { value: '' }, '(unset)'),
    h('option', {}, 'NeverContactSource'), h('option', {}, 'AllowContactingSource'));
  const legacy = h('input', { id: 'cluster-legacy', type: 'checkbox' });
  const files = h('div', { id: 'cluster-files' });
  const generate = h('button', { id: 'cluster-generate', class: 'primary', type: 'submit' }, 'Generate');
  const onsubmit = async (event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    const lines = sources.value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
    if (lines.length) for (const line of lines) search.append('source', line); else search.set('prefix', prefix.value.trim());
    if (policy.value) search.set('mirrorSourcePolicy', policy.value);
    if (legacy.checked) search.set('legacy', 'true');
    files.replaceChildren(h('p', { class: 'muted' }, 'Generating…'));
    try {
      const result = await get(`/cluster-config?${search}`);
      files.replaceChildren(...Object.entries(result).map(([name, content]) => h('section', { class: 'file' },
        h('h2', {}, name, ' ', h('a', { href: `data:text/plain;charset=utf-8,${encodeURIComponent(content)}`, download: name.split('/').pop() }, 'download')),
        h('pre', { 'data-file': name }, content))));
    } catch (error) {
      files.replaceChildren(h('p', { class: 'error', id: 'cluster-error' }, error.message));
    }
  };
  main.replaceChildren(h('h1', {}, 'Connect a cluster'),
    h('p', { class: 'muted' }, 'Trust, mirror configuration (IDMS, ITMS, ICSP, registries.conf) and install-config snippet for this registry.'),
    h('form', { class: 'form', onsubmit },
      field('Prefix', prefix, 'the repository prefix oc-mirror mirrored to'),
      field('Sources', sources, 'instead of a prefix: SOURCE=MIRROR pairs, one a line'),
      field('Mirror source policy', policy),
      h('label', { class: 'check' }, legacy, ' ImageContentSourcePolicy too (clusters before 4.13)'),
      h('div', {}, generate)),
    files);
}
