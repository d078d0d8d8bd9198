import { api, get } from './api.js';
import { field, h, noticeArea, table } from './dom.js';

// none: no global role, only what grants on namespaces give (the Access page).
const ROLES = ['pull', 'push', 'admin', 'metrics', 'none'];

// Admins only. A generated password is shown once; a pull secret needs a new password, as the stored one is a hash.
function secretParts(user, secret) {
  const text = JSON.stringify(secret);
  const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: `${user}-pull-secret.json` }, 'Download pull secret');
  return [h('p', {}, `Pull secret for ${user} (shown once):`), h('pre', { id: 'pull-secret' }, text), link];
}

export async function renderUsers(main, context) {
  const users = await get('/users');
  const { element: notice, show, fail, carry } = noticeArea('users');
  const reload = () => context.navigate('/users', true);

  const showSecret = (user, secret) => show(...secretParts(user, secret));

  const name = h('input', { id: 'new-user', required: true, autocomplete: 'off' });
  const role = h('select', { id: 'new-role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const add = h('form', { class: 'form', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const created = await api('POST', '/users', { name: name.value, role: role.value });
      carry(h('p', {}, `User ${created.name} (${created.role}) added. Password, shown once: `, h('code', { id: 'new-password' }, created.password)),
        ...secretParts(created.name, created.pullSecret));
      await reload();
    } catch (error) { fail(error); }
  } }, field('User name', name), field('Role', role, 'none: only what grants on namespaces give'),
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'add-user' }, 'Add user')));

  const rows = users.map((u) => h('tr', { 'data-user': u.name },
    h('td', {}, u.name),
    h('td', {}, h('select', { 'data-role-of': u.name, onchange: async (event) => {
      try { await api('PUT', `/users/${encodeURIComponent(u.name)}/role`, { role: event.target.value }); show(`${u.name} is now ${event.target.value}.`); } catch (error) { fail(error); }
    } }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)))),
    h('td', { 'data-last-login': u.name }, u.lastLogin ? new Date(u.lastLogin).toLocaleString() : 'never'),
    h('td', {},
      h('button', { 'data-reset': u.name, onclick: async () => {
        if (!confirm(`Give ${u.name} a new password? The current one stops working.`)) return;
        try { const reset = await api('POST', `/users/${encodeURIComponent(u.name)}/password`); show(`New password for ${u.name}, shown once: `, h('code', {}, reset.password)); } catch (error) { fail(error); }
      } }, 'Reset password'),
      h('button', { 'data-pull-secret': u.name, onclick: async () => {
        if (!confirm(`A pull secret gives ${u.name} a new password: the current one stops working. Continue?`)) return;
        try { showSecret(u.name, await api('POST', `/users/${encodeURIComponent(u.name)}/pull-secret`)); } catch (error) { fail(error); }
      } }, 'Pull secret'),
      h('button', { class: 'danger', 'data-delete-user': u.name, onclick: async () => {
        if (!confirm(`Delete user ${u.name}? Pull secrets with this user stop working.`)) return;
        try { await api('DELETE', `/users/${encodeURIComponent(u.name)}`); reload(); } catch (error) { fail(error); }
      } }, 'Delete'))));

  main.replaceChildren(h('h1', {}, 'Users'), add, notice, table(['User', 'Role', 'Last login', ''], rows));
}
