import { api, get } from './api.js';
import { field, h, modal, noticeArea, table, when } from './dom.js';

// Robot accounts (namespace+name) for clusters and pipelines. Registry admins see all of them, a namespace admin those its
// namespaces own. A secret is shown once, when it is made (add, rotate): only its hash is kept.
export async function renderRobots(main, context) {
  const robots = await get('/robots');
  const { element: notice, fail, carry } = noticeArea('robots');
  const reload = () => context.navigate('/robots', true);

  main.replaceChildren(h('h1', {}, 'Robot accounts'),
    h('p', { class: 'muted' }, 'Credentials for clusters and pipelines, named namespace+name and owned by that namespace. Give them grants on the Access page.'),
    notice, addForm(context.session, fail, reload),
    h('h2', {}, 'Robot accounts'),
    robots.length
      ? table(['Robot', 'Namespace', 'Description', 'Created', 'Expires', 'Last used', ''], robots.map((r) => h('tr', { 'data-robot': r.name },
        h('td', {}, r.name, r.role ? h('span', { class: 'tag' }, r.role) : null), h('td', {}, r.namespace), h('td', {}, r.description),
        h('td', {}, when(r.createdAt)), h('td', {}, r.expiresAt ? when(r.expiresAt) : 'never'),
        h('td', { 'data-last-used': r.name }, r.lastUsed ? when(r.lastUsed) : 'never',
          r.previousSecretValidUntil && new Date(r.previousSecretValidUntil) > new Date()
            ? h('div', { class: 'muted' }, `previous secret valid until ${when(r.previousSecretValidUntil)}`) : null),
        h('td', {},
          h('button', { 'data-rotate': r.name, onclick: () => rotate(r.name, reload) }, 'Rotate secret'),
          h('button', { class: 'danger', 'data-delete-robot': r.name, onclick: async () => {
            if (!confirm(`Delete robot ${r.name}? Its secrets stop working at once and its grants are deleted.`)) return;
            try { await api('DELETE', `/robots/${encodeURIComponent(r.name)}`); carry(`Deleted ${r.name}.`); await reload(); } catch (error) { fail(error); }
          } }, 'Delete')))))
      : h('p', { class: 'muted', id: 'no-robots' }, 'No robot accounts yet.'));
}

function addForm(session, fail, reload) {
  const admin = session.role === 'admin';
  const exact = session.administers.filter((p) => !p.includes('*'));
  const namespace = h('input', { id: 'robot-namespace', required: true, list: 'robot-namespaces', autocomplete: 'off', placeholder: admin ? 'ocp4' : exact.join(', ') });
  const name = h('input', { id: 'robot-name', required: true, autocomplete: 'off', placeholder: 'puller', pattern: '[a-z0-9_]{1,64}' });
  const description = h('input', { id: 'robot-description', autocomplete: 'off', placeholder: 'what it is for, e.g. cluster prod-1 pulls' });
  const expires = h('input', { id: 'robot-expires', type: 'date' });
  const role = admin ? h('select', { id: 'robot-role' }, h('option', { value: '' }, 'none (grants only)'), ['pull', 'push'].map((r) => h('option', { value: r }, r))) : null;
  return h('form', { class: 'form', id: 'robot-form', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const created = await api('POST', '/robots', { namespace: namespace.value.trim(), name: name.value.trim(), description: description.value.trim(),
        expiresAt: expires.value ? `${expires.value}T00:00:00Z` : null, role: role?.value || null });
      await reload();
      showSecret(created, 'created');
    } catch (error) { fail(error); }
  } },
  field('Namespace', namespace, admin ? 'the namespace that owns it' : 'one of the namespaces you administer'),
  h('datalist', { id: 'robot-namespaces' }, exact.map((p) => h('option', { value: p }))),
  field('Name', name, 'lower-case letters, digits and _'), field('Description', description),
  field('Expires', expires, 'optional: refused from that day on (UTC)'),
  role ? field('Global role', role, 'besides its grants, everywhere') : null,
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'add-robot' }, 'Add robot account')));
}

// Asks how long the current secret stays valid, then shows the new one.
function rotate(name, reload) {
  const grace = h('input', { id: 'rotate-grace', placeholder: '0', autocomplete: 'off' });
  const error = h('p', { class: 'error', role: 'alert' });
  const dialog = modal('rotate-dialog', null,
    h('form', { class: 'form', method: 'dialog', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const rotated = await api('POST', `/robots/${encodeURIComponent(name)}/rotate`, { grace: grace.value.trim() || '0' });
        dialog.close();
        await reload();
        showSecret(rotated, 'rotated');
      } catch (failure) { error.textContent = failure.message; }
    } },
    h('h2', {}, `New secret for ${name}`),
    field('Keep the current secret valid for', grace, '0: it stops working now; or e.g. 1h, 7d, while clients are given the new one'),
    error,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'rotate-confirm' }, 'Rotate'),
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))));
  grace.focus();
}

// The secret and a pull secret for this registry, once: nothing can show them again.
function showSecret(result, what) {
  const name = result.robot.name;
  const pullSecret = JSON.stringify(result.pullSecret, null, 2);
  const status = h('span', { id: 'copy-status', role: 'status', class: 'muted' });
  const copy = (text, label) => async () => {
    try { await navigator.clipboard.writeText(text); status.textContent = `${label} copied.`; } catch { status.textContent = 'Copying is not allowed here: select the text and copy it.'; }
  };
  const dialog = modal('secret-dialog', null,
    h('h2', {}, `Robot ${name} ${what}`),
    h('p', {}, 'Its secret, shown this once (only a hash is kept):'),
    h('code', { id: 'robot-secret', class: 'secret' }, result.secret),
    h('div', { class: 'actions' }, h('button', { id: 'copy-secret', onclick: copy(result.secret, 'Secret') }, 'Copy secret'), status),
    h('p', {}, `Pull secret for ${name}:`),
    h('pre', { id: 'robot-pull-secret' }, pullSecret),
    h('div', { class: 'actions' },
      h('button', { id: 'copy-pull-secret', onclick: copy(pullSecret, 'Pull secret') }, 'Copy pull secret'),
      h('a', { href: URL.createObjectURL(new Blob([pullSecret], { type: 'application/json' })), download: `${name.replace('+', '-')}-pull-secret.json` }, 'Download'),
      h('button', { class: 'primary', id: 'close-secret', onclick: () => dialog.close() }, 'Done')));
}
