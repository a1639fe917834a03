/**
 * A Profile as a self-contained HTML flame graph (no network, no viewer): the call tree as JSON
 * in the page and a few lines of script that lay it out as rows of boxes, root at the bottom,
 * widths by weight; hovering shows a frame's source position and share, a click zooms into it.
 */
import type { Profile } from './profile.ts';
import { foldStacks, frameLabel } from './folded.ts';

interface FlameNode {
  /** Name, where (file:line), weight, children. */
  n: string;
  w: string;
  v: number;
  c: FlameNode[];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function toFlameGraphHtml(profile: Profile, title = 'Lantern profile'): string {
  const root: FlameNode = { n: 'all', w: '', v: 0, c: [] };
  for (const { frames, weight } of foldStacks(profile).values()) {
    root.v += weight;
    let at = root;
    for (const f of frames) {
      const n = frameLabel(f);
      const w = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '';
      let child = at.c.find((c) => c.n === n && c.w === w);
      if (child === undefined) at.c.push((child = { n, w, v: 0, c: [] }));
      child.v += weight;
      at = child;
    }
  }
  const unit = profile.unit === 'instructions' ? 'instructions' : 'µs';
  // `<` cannot end the script early once escaped in the JSON.
  const data = JSON.stringify(root).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 12px system-ui, sans-serif; margin: 12px; }
#graph { position: relative; width: 100%; }
.f { position: absolute; height: 17px; box-sizing: border-box; border: 1px solid #fff; overflow: hidden; white-space: nowrap;
     padding: 0 3px; line-height: 15px; cursor: pointer; border-radius: 2px; }
#tip { margin: 6px 0; min-height: 1.3em; color: #333; }
</style></head><body>
<h3>${escapeHtml(title)}</h3>
<div id="tip">Hover a frame; click to zoom, click the bottom row to zoom out.</div>
<div id="graph"></div>
<script>
const root = ${data};
const unit = ${JSON.stringify(unit)};
const graph = document.getElementById('graph'), tip = document.getElementById('tip');
function depth(n) { return 1 + Math.max(0, ...n.c.map(depth)); }
function color(name) { let h = 0; for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0; return 'hsl(' + (10 + h % 40) + ',85%,' + (55 + h % 15) + '%)'; }
function draw(focus) {
  graph.innerHTML = '';
  const rows = depth(root), width = graph.clientWidth;
  graph.style.height = rows * 18 + 'px';
  const path = []; (function find(n) { if (n === focus) return true; for (const c of n.c) if (find(c)) { path.unshift(c); return true; } return false; })(root);
  const chain = [root, ...path].slice(0, -1);
  chain.forEach((n, d) => box(n, d, 0, width));
  (function lay(n, d, x, w) { box(n, d, x, w); let cx = x; for (const c of n.c) { const cw = w * c.v / n.v; if (cw >= 1) lay(c, d + 1, cx, cw); cx += cw; } })(focus, chain.length, 0, width);
  function box(n, d, x, w) {
    const el = document.createElement('div');
    el.className = 'f'; el.textContent = n.n;
    el.style.left = x + 'px'; el.style.width = w + 'px'; el.style.bottom = d * 18 + 'px'; el.style.background = color(n.n);
    el.onmouseenter = () => { tip.textContent = n.n + (n.w ? ' — ' + n.w : '') + ' — ' + Math.round(n.v) + ' ' + unit + ' (' + (100 * n.v / root.v).toFixed(1) + '%)'; };
    el.onclick = () => draw(n === focus ? root : n);
    graph.appendChild(el);
  }
}
draw(root);
addEventListener('resize', () => draw(root));
</script></body></html>
`;
}
