// The single-page shell: History API routes, the session, the navigation bar.
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { renderLogin } from './login.js';
import { renderOverview } from './overview.js';
import { renderRepositories } from './repositories.js';
import { renderRepository } from './repository.js';
import { renderNamespace } from './namespace.js';
import { renderManifest } from './manifest.js';
import { renderUsers } from './users.js';
import { renderMaintenance } from './maintenance.js';
import { renderReleases } from './releases.js';
import { renderClusterConfig } from './cluster.js';
import { renderAudit } from './audit.js';
import { renderAccess } from './access.js';
import { renderRobots } from './robots.js';
import { renderQuotas, drawQuotaBanner } from './quotas.js';
import { renderRetention } from './retention.js';
import { renderUpstreams } from './upstreams.js';

const routes = [
  [/^\/$/, renderOverview],
  [/^\/login$/, renderLogin],
  [/^\/repositories$/, renderRepositories],
  [/^\/repositories\/(.+)$/, renderRepository],
  [/^\/namespaces\/([^/]+)$/, renderNamespace],
  [/^\/manifests\/(.+)@(.+)$/, renderManifest],
  [/^\/users$/, renderUsers],
  [/^\/maintenance$/, renderMaintenance],
  [/^\/releases$/, renderReleases],
  [/^\/cluster-config$/, renderClusterConfig],
  [/^\/audit$/, renderAudit],
  [/^\/access$/, renderAccess],
  [/^\/robots$/, renderRobots],
  [/^\/quotas$/, renderQuotas],
  [/^\/retention$/, renderRetention],
  [/^\/upstreams$/, renderUpstreams],
];

const context = { session: null, navigate, refreshSession };

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  return render();
}

async function refreshSession() {
  try { context.session = await api('GET', '/session'); } catch { context.session = null; }
  drawHeader();
}

function drawHeader() {
  const session = context.session;
  const links = session ? [['/', 'Overview'], ['/repositories', 'Repositories'], ['/releases', 'Releases'], ['/quotas', 'Quotas']] : [];
  if (session?.role === 'admin') links.push(['/cluster-config', 'Connect a cluster'], ['/users', 'Users']);
  // Registry admins, and namespace admins for the grants and robots of their namespaces.
  if (session?.administers?.length) links.push(['/access', 'Access'], ['/robots', 'Robots'], ['/retention', 'Retention']);
  if (session?.role === 'admin') links.push(['/upstreams', 'Upstreams'], ['/maintenance', 'Maintenance'], ['/audit', 'Audit']);
  document.getElementById('nav').replaceChildren(...links.map(([path, title]) =>
    h('a', { href: path, class: location.pathname === path || (path !== '/' && location.pathname.startsWith(path)) ? 'active' : null }, title)));
  const who = document.getElementById('who');
  if (!session) { who.replaceChildren(); return; }
  who.replaceChildren(h('span', { id: 'user' }, session.anonymous ? 'anonymous (read only)' : `${session.user ?? 'everyone'} (${session.role})`),
    session.anonymous ? h('a', { href: '/login' }, 'Log in') : h('button', { id: 'logout', onclick: logout }, 'Log out'));
}

async function logout() {
  await api('DELETE', '/session').catch(() => {});
  context.session = null;
  navigate('/login');
}

async function render() {
  const main = document.getElementById('page');
  const path = decodeURIComponent(location.pathname);
  if (!context.session && path !== '/login') await refreshSession();
  if (!context.session && path !== '/login') { navigate('/login', true); return; }
  drawHeader();
  const banner = document.getElementById('quota-banner');
  if (path !== '/login') drawQuotaBanner(banner); else banner.hidden = true;
  const [pattern, page] = routes.find(([p]) => p.test(path)) ?? [];
  if (!page) { main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, path)); return; }
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    await page(main, context, ...path.match(pattern).slice(1));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) { context.session = null; navigate('/login', true); return; }
    main.replaceChildren(h('h1', {}, 'Error'), h('p', { class: 'error' }, error.message));
  }
}

// Links inside the console change the route without reloading the page.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
window.addEventListener('popstate', render);
render();
