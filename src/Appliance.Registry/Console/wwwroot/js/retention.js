import { api, get } from './api.js';
import { bytes, field, h, noticeArea, table } from './dom.js';

const RULES_HINT = 'One rule a line, applied in order: protect TAGS · keep-latest N [TAGS] · keep-recent AGE [TAGS] · remove-untagged AGE. '
  + 'TAGS is a version range (4.16.*, >=4.16 <4.17) or a regular expression (latest|stable); AGE a duration (30d, 2w). '
  + 'Tags no keep rule matches are left alone.';

const refOf = (item) => (item.tag ? `${item.repository}:${item.tag}` : `${item.repository}@${item.digest}`);

// Retention policies per namespace or repository, a dry run that lists what would go and what each rule keeps, and a run.
// Registry admins see every policy; a namespace admin those of its namespaces, and its runs remove only there (the server checks).
export async function renderRetention(main, context) {
  const policies = await get('/retention');
  const { element: notice, fail, carry } = noticeArea('retention');
  const reload = () => context.navigate('/retention', true);
  const admin = context.session.role === 'admin';
  const form = policyForm(carry, fail, reload);
  main.replaceChildren(h('h1', {}, 'Retention'),
    h('p', { class: 'muted' }, 'Policies remove old tags and untagged manifests. A dry run lists exactly what a run removes; a run removes tags and '
      + 'manifests only, and the space comes back at the next garbage collection. Nothing a kept index lists, no referrer of a kept image and no '
      + 'component of a kept OpenShift release is removed.'),
    notice,
    h('h2', {}, 'Policies'), policyTable(policies, form, carry, fail, reload),
    h('h2', {}, 'Set a policy'), form.element,
    h('h2', {}, 'Dry run and run'), runner({ admin }));
}

function policyForm(carry, fail, reload) {
  const scope = h('input', { id: 'retention-scope', required: true, autocomplete: 'off', placeholder: 'ci-*, ocp4 or openshift/release-images' });
  const rules = h('textarea', { id: 'retention-rules', required: true, rows: 4, placeholder: 'protect latest\nkeep-latest 3 4.16.*\nremove-untagged 30d' });
  const element = h('form', { class: 'form', id: 'retention-form', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const policy = await api('PUT', '/retention', { scope: scope.value.trim(), lines: rules.value.split('\n').map((l) => l.trim()).filter(Boolean) });
      carry(`Policy of ${policy.scope} saved. Run a dry run to see what it removes.`);
      await reload();
    } catch (error) { fail(error); }
  } },
  field('Scope', scope, 'a namespace (ocp4), a prefix ending in * (ci-*), * for all, or a repository (openshift/release-images); the most specific scope applies'),
  field('Rules', rules, RULES_HINT),
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'retention-save' }, 'Save policy')));
  return { element, edit: (policy) => { scope.value = policy.scope; rules.value = policy.lines.join('\n'); scope.focus(); } };
}

function policyTable(policies, form, carry, fail, reload) {
  if (!policies.length) return h('p', { class: 'muted', id: 'no-policies' }, 'No policies yet: nothing is removed.');
  return table(['Scope', 'Rules', ''], policies.map((p) => h('tr', { 'data-policy': p.scope },
    h('td', {}, p.scope), h('td', {}, p.lines.map((line, i) => h('div', {}, `${i + 1}. ${line}`))),
    h('td', {}, h('div', { class: 'toolbar' },
      h('button', { 'data-edit-policy': p.scope, onclick: () => form.edit(p) }, 'Edit'),
      h('button', { class: 'danger', 'data-clear-policy': p.scope, onclick: async () => {
        if (!confirm(`Remove the retention policy of ${p.scope}?`)) return;
        try {
          await api('DELETE', `/retention?${new URLSearchParams({ scope: p.scope })}`);
          carry(`Policy of ${p.scope} removed.`);
          await reload();
        } catch (error) { fail(error); }
      } }, 'Remove'))))));
}

// The dry run and run controls with their result; only items that satisfy `only` are shown (a namespace's, on its page).
function runner({ admin, only = () => true, idPrefix = 'retention' }) {
  const result = h('div', { id: `${idPrefix}-result`, role: 'status' });
  const gc = h('input', { type: 'checkbox', id: `${idPrefix}-gc` });
  const run = h('button', { id: `${idPrefix}-run`, class: 'danger', disabled: true, onclick: async () => {
    if (!confirm(`Run retention now? The ${pending} tags and manifests the dry run listed are deleted for good.`)) return;
    run.disabled = true;
    try { show(await api('POST', '/retention/run', { gc: gc.checked })); } catch (error) { result.replaceChildren(h('p', { class: 'error' }, error.message)); }
  } }, 'Run');
  let pending = 0;
  const dryRun = h('button', { id: `${idPrefix}-dry-run`, class: 'primary', onclick: async () => {
    result.replaceChildren(h('p', { class: 'muted' }, 'Planning…'));
    try {
      const report = await api('POST', '/retention/dry-run');
      pending = report.removals.length;
      show(report);
      run.disabled = pending === 0;
    } catch (error) { result.replaceChildren(h('p', { class: 'error' }, error.message)); }
  } }, 'Dry run');

  function show(report) {
    const removals = report.removals.filter(only);
    const kept = report.kept.filter(only);
    const tags = removals.filter((r) => r.tag).length;
    const summary = report.dryRun
      ? `Would remove ${tags} tags and ${removals.length - tags} manifests; the next garbage collection frees up to ${bytes(removals.reduce((s, r) => s + r.bytes, 0))}.`
      : `Removed ${tags} tags and ${removals.length - tags} manifests${report.skipped.length ? ` (${report.skipped.length} changed meanwhile and were kept)` : ''}.`
        + (report.garbageCollection ? ` Garbage collection freed ${bytes(report.garbageCollection.bytesReclaimed)}.` : ' The space comes back at the next garbage collection.');
    result.replaceChildren(h('p', { id: `${idPrefix}-summary` }, summary),
      h('h3', {}, report.dryRun ? 'Would remove' : 'Removed'),
      removals.length
        ? table(['Repository', 'Tag or digest', 'Frees', 'Why'], removals.map((r) => h('tr', { 'data-removal': refOf(r) },
          h('td', {}, r.repository), h('td', { class: r.tag ? null : 'digest' }, r.tag ?? r.digest), h('td', {}, r.tag ? '—' : bytes(r.bytes)), h('td', {}, r.reason))))
        : h('p', { class: 'muted' }, 'Nothing.'),
      h('h3', {}, 'Kept'),
      kept.length
        ? table(['Repository', 'Tag or digest', 'Rule', 'Why'], kept.map((k) => h('tr', { 'data-kept': refOf(k) },
          h('td', {}, k.repository), h('td', { class: k.tag ? null : 'digest' }, k.tag ?? k.digest), h('td', {}, k.rule ?? '—'), h('td', {}, k.reason))))
        : h('p', { class: 'muted' }, 'Nothing a rule names.'));
    // The result is drawn below the form: bring it into view, as the button that asked for it is.
    result.scrollIntoView({ block: 'nearest' });
  }

  return h('div', {}, h('div', { class: 'toolbar' }, dryRun, run,
    admin ? h('label', {}, gc, ' start garbage collection afterwards') : null), result);
}

// For a namespace's page: the policies that cover it, and a dry run and run showing its repositories only.
export function retentionSection(namespace, { admin = false } = {}) {
  const inNamespace = (item) => item.repository === namespace || item.repository.startsWith(`${namespace}/`);
  const policies = h('div', { id: 'namespace-retention-policies' }, h('p', { class: 'muted' }, 'Loading…'));
  get('/retention').then((all) => {
    const covering = all.filter((p) => p.scope === '*' || (p.scope.endsWith('*') && !p.scope.includes('/') && namespace.startsWith(p.scope.slice(0, -1)))
      || p.scope === namespace || p.scope.startsWith(`${namespace}/`));
    policies.replaceChildren(covering.length
      ? table(['Scope', 'Rules'], covering.map((p) => h('tr', {}, h('td', {}, p.scope), h('td', {}, p.lines.map((line, i) => h('div', {}, `${i + 1}. ${line}`))))))
      : h('p', { class: 'muted' }, 'No retention policy covers this namespace.'));
  }).catch((error) => policies.replaceChildren(h('p', { class: 'error' }, error.message)));
  return h('section', { class: 'retention', id: 'namespace-retention' }, h('h2', {}, 'Retention'), policies,
    runner({ admin, only: inNamespace, idPrefix: 'namespace-retention' }));
}
