import { api, get } from './api.js';
import { bytes, field, h, noticeArea, table } from './dom.js';

// Namespace quotas: use (unique bytes) against the limit, drawn as a gauge; registry admins set and clear them here.
// Also the warning banner of the app shell and the quota part of a namespace's page.

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attributes, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
};

const stateText = { ok: 'OK', warning: 'Warning', rejecting: 'Pushes refused' };
const percent = (q) => Math.floor((q.usedBytes / q.limitBytes) * 100);
const describe = (q) => `${q.namespace} uses ${bytes(q.usedBytes)} of ${bytes(q.limitBytes)} (${percent(q)}%)`;

// A horizontal gauge scaled to the larger of the reject level and the use: the filled part is the use, the ticks the warning
// and reject levels, the colour the state. Its title says the same in words, for screen readers and on hover.
export function quotaGauge(q) {
  const scale = Math.max(q.rejectPercent, percent(q), 100) * 1.05;
  const x = (p) => `${(Math.min(p, scale) / scale) * 100}%`;
  const colour = { ok: '#2e7d32', warning: '#8a5a00', rejecting: '#b3261e' }[q.state];
  return svg('svg', { class: 'gauge', role: 'img', 'aria-label': describe(q), viewBox: '0 0 100 14', preserveAspectRatio: 'none', width: '100%', height: '14' },
    svg('title', {}, describe(q)),
    svg('rect', { x: 0, y: 2, width: '100%', height: 10, fill: '#e6e9ef' }),
    svg('rect', { x: 0, y: 2, width: x(percent(q)), height: 10, fill: colour, 'data-gauge-fill': q.state }),
    svg('rect', { x: x(q.warnPercent), y: 0, width: 0.6, height: 14, fill: '#8a5a00' }),
    svg('rect', { x: x(q.rejectPercent), y: 0, width: 0.6, height: 14, fill: '#b3261e' }));
}

const levels = (q) => `warn at ${q.warnPercent}%, refuse pushes at ${q.rejectPercent}%${q.isDefault ? ' (default quota)' : ''}`;

export async function renderQuotas(main, context) {
  const admin = context.session.role === 'admin';
  const [quotas, fallback] = await Promise.all([get('/quotas'), admin ? get('/quotas/_default').catch(() => null) : null]);
  const { element: notice, fail, carry } = noticeArea('quotas');
  const reload = () => context.navigate('/quotas', true);
  const clear = async (name, label) => {
    if (!confirm(`Remove the quota of ${label}?`)) return;
    try { await api('DELETE', `/quotas/${encodeURIComponent(name)}`); carry(`Removed the quota of ${label}.`); await reload(); } catch (error) { fail(error); }
  };

  // Only admins get the default and the form; replaceChildren would write a left-out part as the text "null".
  main.replaceChildren(...[h('h1', {}, 'Quotas'),
    h('p', { class: 'muted' }, 'A namespace (the first part of a repository name) uses the bytes of the blobs its repositories hold, each blob once. '
      + 'Above the warning level the console shows a banner; at the reject level pushes into the namespace are refused until images are deleted and garbage collected.'),
    notice,
    quotas.length
      ? table(['Namespace', 'Use', '', 'State', 'Levels', ''], quotas.map((q) => h('tr', { 'data-quota': q.namespace },
        h('td', {}, q.namespace), h('td', {}, `${bytes(q.usedBytes)} of ${bytes(q.limitBytes)} (${percent(q)}%)`),
        h('td', { class: 'gauge-cell' }, quotaGauge(q)), h('td', { class: q.state === 'ok' ? null : q.state === 'warning' ? 'warning' : 'error' }, stateText[q.state]),
        h('td', {}, levels(q)),
        h('td', {}, admin && !q.isDefault ? h('button', { class: 'danger', 'data-clear-quota': q.namespace, onclick: () => clear(q.namespace, `namespace ${q.namespace}`) }, 'Remove quota') : null))))
      : h('p', { class: 'muted', id: 'no-quotas' }, 'No namespace has a quota.'),
    admin ? h('h2', {}, 'Default quota') : null,
    admin ? h('p', { id: 'default-quota' }, fallback
      ? [`${bytes(fallback.limitBytes)}, warn at ${fallback.warnPercent}%, refuse pushes at ${fallback.rejectPercent}%, for every namespace without a quota of its own. `,
        h('button', { class: 'danger', id: 'clear-default-quota', onclick: () => clear('_default', 'the default') }, 'Remove default')]
      : 'None: namespaces without a quota of their own have no limit.') : null,
    admin ? h('h2', {}, 'Set a quota') : null,
    admin ? setForm(fail, carry, reload) : null].filter(Boolean));
}

function setForm(fail, carry, reload) {
  const namespace = h('input', { id: 'quota-namespace', autocomplete: 'off', placeholder: 'ocp4' });
  const isDefault = h('input', { id: 'quota-default', type: 'checkbox', onchange: () => { namespace.disabled = isDefault.checked; } });
  const limit = h('input', { id: 'quota-limit', required: true, autocomplete: 'off', placeholder: '20GiB' });
  const warn = h('input', { id: 'quota-warn', type: 'number', min: 1, max: 1000, value: 80 });
  const reject = h('input', { id: 'quota-reject', type: 'number', min: 1, max: 1000, value: 100 });
  return h('form', { class: 'form', id: 'quota-form', onsubmit: async (event) => {
    event.preventDefault();
    const name = isDefault.checked ? '_default' : namespace.value.trim();
    try {
      if (!name) throw new Error('Name the namespace, or choose the default quota.');
      await api('PUT', `/quotas/${encodeURIComponent(name)}`, { limit: limit.value.trim(), warnPercent: Number(warn.value), rejectPercent: Number(reject.value) });
      carry(`Quota of ${isDefault.checked ? 'the default' : `namespace ${name}`} set.`);
      await reload();
    } catch (error) { fail(error); }
  } },
  field('Namespace', namespace, 'the first part of its repositories\' names, e.g. ocp4 for ocp4/openshift/release'),
  h('label', { class: 'check' }, isDefault, ' Default quota, for every namespace without one of its own'),
  field('Limit', limit, 'e.g. 512MiB, 20GiB, 1.5TB'),
  field('Warn at (% of the limit)', warn), field('Refuse pushes at (% of the limit)', reject, 'above 100 lets the namespace go past its limit before pushes stop'),
  h('div', {}, h('button', { class: 'primary', type: 'submit', id: 'set-quota' }, 'Set quota')));
}

// The quota part of a namespace's page: its gauge and figures, filled in once the quotas are read.
export function quotaSection(namespace) {
  const body = h('p', { class: 'muted' }, 'Loading…');
  const section = h('section', { class: 'quota-section', 'data-quota-section': namespace }, h('h2', {}, 'Quota'), body);
  get('/quotas').then((quotas) => {
    const q = quotas.find((item) => item.namespace === namespace);
    body.replaceWith(q
      ? h('div', {}, quotaGauge(q), h('p', { class: q.state === 'ok' ? null : q.state === 'warning' ? 'warning' : 'error' },
        `${bytes(q.usedBytes)} of ${bytes(q.limitBytes)} (${percent(q)}%): ${stateText[q.state]}; ${levels(q)}.`))
      : h('p', { class: 'muted' }, 'No quota: this namespace has no limit.'));
  }).catch((error) => body.replaceWith(h('p', { class: 'error' }, error.message)));
  return section;
}

// The app shell's banner: every namespace the caller can see that is above its warning level, worst first.
export async function drawQuotaBanner(banner) {
  let quotas = [];
  try { quotas = await get('/quotas'); } catch { /* a caller who may not read quotas sees no banner */ }
  const over = quotas.filter((q) => q.state !== 'ok').sort((a, b) => b.usedBytes / b.limitBytes - a.usedBytes / a.limitBytes);
  banner.hidden = over.length === 0;
  banner.className = over.some((q) => q.state === 'rejecting') ? 'banner rejecting' : 'banner';
  banner.replaceChildren(...over.map((q) => h('p', { 'data-banner-namespace': q.namespace },
    q.state === 'rejecting' ? `Pushes to ${q.namespace} are refused: it uses ${bytes(q.usedBytes)} of its ${bytes(q.limitBytes)} quota (${percent(q)}%). `
      : `${describe(q)}: pushes are refused from ${q.rejectPercent}%. `,
    h('a', { href: '/quotas' }, 'Quotas'))));
}
