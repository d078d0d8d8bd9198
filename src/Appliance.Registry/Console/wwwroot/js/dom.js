// Builds elements from data: text is always set as text, never parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function bytes(count) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(count);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

// Each cell is labelled with its column's heading, which narrow screens show above it as the rows stack (console.css).
export function table(headings, rows) {
  const body = h('tbody', {}, rows);
  for (const row of body.rows) [...row.cells].forEach((cell, i) => { if (headings[i] && !cell.dataset.label) cell.dataset.label = headings[i]; });
  return h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, headings.map((title) => h('th', {}, title)))), body);
}

// A form field: its label above it, one a line (the console's forms are one column).
export const field = (label, control, hint) => h('label', { class: 'field' }, h('span', {}, label), control, hint ? h('small', { class: 'muted' }, hint) : null);

const carried = new Map();

// The box on a page that says what happened; fail() shows an error, carry() what the page shows once it is drawn again.
export function noticeArea(page) {
  const element = h('div', { id: 'notice', class: 'notice', hidden: true, role: 'status' });
  const show = (...content) => { element.hidden = false; element.replaceChildren(...content); };
  if (carried.has(page)) { show(...carried.get(page)); carried.delete(page); }
  return { element, show, fail: (error) => show(h('span', { class: 'error' }, error.message)), carry: (...content) => carried.set(page, content) };
}

// A modal dialog outside the page, so it stays open while the page behind it is drawn again; removed when closed.
export function modal(id, onclose, ...content) {
  const dialog = h('dialog', { id, class: 'modal' }, content);
  dialog.addEventListener('close', () => { dialog.remove(); onclose?.(); });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
