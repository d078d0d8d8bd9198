// The console's charts, drawn here as SVG from the API's numbers: no library and nothing from a CDN, so the console works
// on a mirror without internet access and its pages stay a few kilobytes.
import { bytes, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(name, value);
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  return element;
}

// Draws into the container at its width in CSS pixels, and again when that changes (a window resized, a phone turned), so
// text stays its real size where a scaled drawing would shrink it.
export function fitted(container, draw) {
  let width = 0;
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) { observer.disconnect(); return; }
    const now = Math.floor(container.clientWidth);
    if (now > 0 && now !== width) { width = now; container.replaceChildren(draw(width)); }
  });
  observer.observe(container);
  return container;
}

// A round top for the axis: 1, 2 or 5 times a power of 1024 (the units bytes() writes), so tick labels read plainly.
function axisTop(value) {
  let unit = 1;
  while (value / unit >= 1024) unit *= 1024;
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1024].find((s) => s * unit >= value) ?? 1024;
  return step * unit;
}

const shortDate = (day) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

// Stored bytes per day: what the storage holds as a filled area, what the images add up to (without deduplication) as a
// dashed line above it; the gap between the two is what deduplication saves.
export function historyChart(days, width) {
  const height = 220;
  const [left, right, top, bottom] = [72, 14, 12, 28];
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = axisTop(Math.max(1, ...days.map((d) => d.totalBytes)));
  const first = Date.parse(days[0].day);
  const span = Math.max(Date.parse(days.at(-1).day) - first, 86_400_000);
  const x = (d) => left + ((Date.parse(d.day) - first) / span) * plotWidth;
  const y = (value) => top + plotHeight - (value / max) * plotHeight;
  const line = (key) => days.map((d, i) => `${i ? 'L' : 'M'}${x(d).toFixed(1)},${y(d[key]).toFixed(1)}`).join('');
  const base = y(0).toFixed(1);
  const area = `${line('uniqueBytes')}L${x(days.at(-1)).toFixed(1)},${base}L${x(days[0]).toFixed(1)},${base}Z`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const labelled = days.length <= 2 ? days : [days[0], days[Math.floor((days.length - 1) / 2)], days.at(-1)];
  const latest = days.at(-1);
  return svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Stored bytes from ${days[0].day} to ${latest.day}: now ${bytes(latest.uniqueBytes)} stored, ${bytes(latest.totalBytes)} of images` },
  ticks.map((t) => [
    svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(t), y2: y(t) }),
    svg('text', { class: 'axis', x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, bytes(t)),
  ]),
  labelled.map((d, i) => svg('text', { class: 'axis', x: x(d), y: height - 8,
    'text-anchor': labelled.length > 1 && i === 0 ? 'start' : i === labelled.length - 1 && labelled.length > 1 ? 'end' : 'middle' }, shortDate(d.day))),
  svg('path', { class: 'area', d: area }),
  svg('path', { class: 'line unique', d: line('uniqueBytes') }),
  svg('path', { class: 'line total', d: line('totalBytes') }),
  days.length <= 2 ? days.map((d) => svg('circle', { class: 'point', cx: x(d), cy: y(d.uniqueBytes), r: 3.5 })) : null);
}

export const legend = (...entries) => h('p', { class: 'legend' }, entries.map(([kind, text]) => h('span', {}, h('i', { class: `swatch ${kind}` }), text)));

// Largest first, one row each: the name (a link) and its size above a bar as long as its share of the largest.
export function barChart(id, items) {
  const max = Math.max(1, ...items.map((item) => item.value));
  return h('ol', { class: 'bars', id }, items.map((item) => h('li', { 'data-name': item.name },
    h('div', { class: 'bar-label' }, h('a', { href: item.href }, item.name), h('span', { class: 'muted' }, item.detail)),
    svg('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      svg('rect', { class: 'track', width: 100, height: 10 }),
      svg('rect', { class: 'fill', width: Math.max(0.5, (item.value / max) * 100).toFixed(2), height: 10 })))));
}

// A namespace's quota as a half-circle gauge: the arc filled to its use, a tick at the warning level.
export function gauge(quota) {
  const percent = quota.limitBytes > 0 ? (quota.usedBytes / quota.limitBytes) * 100 : 0;
  const arc = 'M10,60 A50,50 0 0 1 110,60';
  const angle = Math.PI * (1 - Math.min(quota.warnPercent, 100) / 100);
  const tick = [60 + 42 * Math.cos(angle), 60 - 42 * Math.sin(angle), 60 + 58 * Math.cos(angle), 60 - 58 * Math.sin(angle)].map((n) => n.toFixed(1));
  return h('figure', { class: `gauge ${quota.state}`, 'data-namespace': quota.namespace },
    svg('svg', { viewBox: '0 0 120 70', width: 120, height: 70, role: 'img', 'aria-label': `${quota.namespace}: ${percent.toFixed(0)}% of its quota` },
      svg('path', { class: 'track', d: arc, pathLength: 100 }),
      svg('path', { class: 'use', d: arc, pathLength: 100, 'stroke-dasharray': `${Math.min(percent, 100).toFixed(1)} 100` }),
      svg('line', { class: 'warn-tick', x1: tick[0], y1: tick[1], x2: tick[2], y2: tick[3] }),
      svg('text', { x: 60, y: 58, 'text-anchor': 'middle', class: 'gauge-percent' }, `${percent.toFixed(0)}%`)),
    h('figcaption', {}, h('a', { href: `/namespaces/${quota.namespace}` }, quota.namespace), quota.isDefault ? ' (default)' : null,
      h('br'), h('span', { class: 'muted' }, `${bytes(quota.usedBytes)} of ${bytes(quota.limitBytes)}`)));
}
