import { api, get } from './api.js';
import { field, h, noticeArea, table } from './dom.js';

const KINDS = ['user', 'group', 'robot', 'anonymous'];
const PERMISSIONS = ['pull', 'push', 'admin'];
const PERMISSION_HINT = 'push also deletes manifests and tags; admin also manages the namespace\'s grants and robot accounts';

// Who may pull, push or administer which namespaces. Registry admins see every grant and the local groups; a namespace
// admin sees and changes only the grants on the namespaces it administers (the server filters and checks).
export async function renderAccess(main, context) {
  const admin = context.session.role === 'admin';
  const [grants, groups] = await Promise.all([get('/grants'), admin ? get('/groups') : null]);
  const { element: notice, fail, carry } = noticeArea('access');
  const reload = () => context.navigate('/access', true);

  main.replaceChildren(h('h1', {}, 'Access'),
    h('p', { class: 'muted' }, admin
      ? 'Grants give users, groups, robot accounts and anonymous callers pull, push or admin on a namespace (the first path component of a repository), a prefix pattern such as team-* or * for all. Global roles apply everywhere besides.'
      : `Grants on the namespaces you administer: ${context.session.administers.join(', ')}.`),
    notice,
    h('h2', {}, 'Grants'), grantForm(context.session, carry, fail, reload), grantTable(grants, carry, fail, reload),
    ...(admin ? [h('h2', {}, 'Groups'), groupForm(fail, reload), groupTable(groups, fail, reload)] : []));
}

function grantForm(session, carry, fail, reload) {
  const kind = h('select', { id: 'grant-kind' }, KINDS.map((k) => h('option', { value: k }, k)));
  const principal = h('input', { id: 'grant-principal', placeholder: 'alice, team-a, ocp4+puller', autocomplete: 'off' });
  const principalField = field('Principal', principal, 'a user or group name (local or from the directory), or a robot account (namespace+name)');
  kind.addEventListener('change', () => { principalField.hidden = kind.value === 'anonymous'; });
  const exact = session.administers.filter((p) => !p.includes('*'));
  const namespace = h('input', { id: 'grant-namespace', required: true, list: 'administered-namespaces', autocomplete: 'off',
    placeholder: session.role === 'admin' ? 'ocp4, team-* or *' : exact.join(', ') });
  const permission = h('select', { id: 'grant-permission' }, PERMISSIONS.map((p) => h('option', { value: p }, p)));
  return h('form', { class: 'form', id: 'grant-form', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const result = await api('POST', '/grants', { kind: kind.value, principal: kind.value === 'anonymous' ? '' : principal.value.trim(),
        namespace: namespace.value.trim(), permission: permission.value });
      carry(result.changed ? `${describe(result.grant)} now has ${result.grant.permission} on ${result.grant.namespace}.`
        : `${describe(result.grant)} had ${result.grant.permission} on ${result.grant.namespace} already.`);
      await reload();
    } catch (error) { fail(error); }
  } },
  field('Kind', kind), principalField,
  field('Namespace', namespace, session.role === 'admin' ? 'a namespace, a prefix ending in * or * for every namespace' : 'one of the namespaces you administer'),
  h('datalist', { id: 'administered-namespaces' }, exact.map((p) => h('option', { value: p }))),
  field('Permission', permission, PERMISSION_HINT),
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'add-grant' }, 'Add grant')));
}

function grantTable(grants, carry, fail, reload) {
  if (!grants.length) return h('p', { class: 'muted', id: 'no-grants' }, 'No grants yet: only global roles apply.');
  return table(['Principal', 'Namespace', 'Permission', ''], grants.map((g) => h('tr', { 'data-grant': `${g.kind}:${g.principal}:${g.namespace}` },
    h('td', {}, describe(g)), h('td', {}, g.namespace), h('td', {}, g.permission),
    h('td', {}, h('button', { class: 'danger', 'data-remove-grant': `${g.kind}:${g.principal}:${g.namespace}`, onclick: async () => {
      if (!confirm(`Remove the ${g.permission} grant of ${describe(g)} on ${g.namespace}?`)) return;
      try {
        await api('DELETE', `/grants?${new URLSearchParams({ kind: g.kind, principal: g.principal, namespace: g.namespace })}`);
        carry(`Removed the grant of ${describe(g)} on ${g.namespace}.`);
        await reload();
      } catch (error) { fail(error); }
    } }, 'Remove')))));
}

const describe = (grant) => (grant.kind === 'anonymous' ? 'anonymous' : `${grant.kind} ${grant.principal}`);

function groupForm(fail, reload) {
  const name = h('input', { id: 'new-group', required: true, autocomplete: 'off', placeholder: 'team-a' });
  return h('form', { class: 'form', id: 'group-form', onsubmit: async (event) => {
    event.preventDefault();
    try { await api('POST', '/groups', { name: name.value.trim() }); await reload(); } catch (error) { fail(error); }
  } }, field('Group name', name, 'a local group; directory groups come from the directory and need no entry here'),
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'add-group' }, 'Add group')));
}

function groupTable(groups, fail, reload) {
  if (!groups.length) return h('p', { class: 'muted' }, 'No local groups.');
  const path = (...parts) => `/groups/${parts.map(encodeURIComponent).join('/')}`;
  return table(['Group', 'Members', ''], groups.map((g) => {
    const user = h('input', { 'data-new-member': g.name, placeholder: 'user name', required: true, autocomplete: 'off' });
    return h('tr', { 'data-group': g.name },
      h('td', {}, g.name),
      h('td', {}, g.members.length ? g.members.map((m) => h('span', { class: 'tag' }, m, ' ',
        h('button', { class: 'link', title: `remove ${m} from ${g.name}`, 'aria-label': `remove ${m} from ${g.name}`, onclick: async () => {
          try { await api('DELETE', path(g.name, 'members', m)); await reload(); } catch (error) { fail(error); }
        } }, '×'))) : h('span', { class: 'muted' }, 'none'),
      h('form', { class: 'inline', onsubmit: async (event) => {
        event.preventDefault();
        try { await api('POST', path(g.name, 'members'), { user: user.value.trim() }); await reload(); } catch (error) { fail(error); }
      } }, user, h('button', { type: 'submit' }, 'Add member'))),
      h('td', {}, h('button', { class: 'danger', 'data-delete-group': g.name, onclick: async () => {
        if (!confirm(`Delete group ${g.name}? Its grants are deleted with it.`)) return;
        try { await api('DELETE', path(g.name)); await reload(); } catch (error) { fail(error); }
      } }, 'Delete')));
  }));
}
