import { api, get } from './api.js';
import { bytes, field, h, table, when } from './dom.js';

const describe = (r) => `${r.dryRun ? 'Would remove' : 'Removed'} ${r.manifestsRemoved} manifests, ${r.linksRemoved} links, ${r.blobsRemoved} blobs `
  + `(${bytes(r.bytesReclaimed)}) and ${r.uploadsExpired} expired uploads in ${r.durationSeconds.toFixed(1)} s.`;

// Admins only: garbage collection (dry run first), its history, blob verification, uploads in progress.
export async function renderMaintenance(main, context) {
  const [history, uploads] = await Promise.all([get('/maintenance/gc'), get('/maintenance/uploads')]);
  const gcReport = h('p', { id: 'gc-report', role: 'status' });
  const run = h('button', { id: 'gc-run', class: 'danger', disabled: true, onclick: async () => {
    if (!confirm('Run garbage collection now? What the dry run listed is deleted for good.')) return;
    run.disabled = true;
    try { gcReport.textContent = describe(await api('POST', '/maintenance/gc', { dryRun: false })); await context.navigate('/maintenance', true); } catch (error) { gcReport.textContent = error.message; }
  } }, 'Run GC');
  const dryRun = h('button', { id: 'gc-dry-run', class: 'primary', onclick: async () => {
    try { gcReport.textContent = describe(await api('POST', '/maintenance/gc', { dryRun: true })); run.disabled = false; } catch (error) { gcReport.textContent = error.message; }
  } }, 'GC dry run');

  const sample = h('input', { id: 'verify-sample', type: 'number', min: 1, value: 100 });
  const verifyReport = h('p', { id: 'verify-report', role: 'status' });
  const verify = h('button', { id: 'verify', type: 'submit' }, 'Verify sample');
  const onVerify = async (event) => {
    event.preventDefault();
    verifyReport.textContent = 'Verifying…';
    try {
      const r = await api('POST', '/maintenance/verify', { sample: Number(sample.value) });
      verifyReport.textContent = r.clean ? `${r.checked} blobs checked: all good.`
        : `${r.checked} blobs checked: ${r.missing.length} missing, ${r.wrongSize.length} wrong size, ${r.corrupt.length} corrupt, ${r.orphans.length} orphans. Run appliance-registry verify --repair on the host.`;
    } catch (error) { verifyReport.textContent = error.message; }
  };

  main.replaceChildren(h('h1', {}, 'Maintenance'),
    h('h2', {}, 'Garbage collection'), h('div', { class: 'toolbar' }, dryRun, run), gcReport,
    h('h2', {}, 'GC history'), history.length
      ? table(['When', 'By', 'Result'], history.map((e) => h('tr', {}, h('td', {}, when(e.time)), h('td', {}, e.user ?? '—'), h('td', {}, e.detail ?? ''))))
      : h('p', { class: 'muted', id: 'gc-history-empty' }, 'No collection has run yet.'),
    h('h2', {}, 'Verify blobs'), h('form', { class: 'form', onsubmit: onVerify }, field('Sample', sample, 'how many blobs to read back and hash'), h('div', {}, verify)), verifyReport,
    h('h2', {}, 'Uploads in progress'), uploads.length
      ? table(['Repository', 'Started', 'Id'], uploads.map((u) => h('tr', {}, h('td', {}, u.repository), h('td', {}, when(u.startedAt)), h('td', { class: 'digest' }, u.id))))
      : h('p', { class: 'muted' }, 'None.'));
}
