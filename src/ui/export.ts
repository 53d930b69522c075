/**
 * Downloads: text (CSV/JSON) and charts (SVG/PNG). Chart exports add the legend into the SVG itself
 * (recharts draws its legend as HTML) so an exported figure stands on its own.
 */
export interface LegendItem {
  label: string;
  color: string;
}

export function download(name: string, blob: Blob, revokeAfterMs = 1000): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), revokeAfterMs);
}

export const downloadText = (name: string, type: string, text: string): void => download(name, new Blob([text], { type }));

export const safeName = (s: string): string => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Array<Record<string, unknown>>): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

const NS = 'http://www.w3.org/2000/svg';

/**
 * The chart's own drawing surface. recharts also draws a 14 × 14 `svg.recharts-surface` per legend icon, and the
 * legend comes first in the DOM for some charts, so "the first surface" exported a legend swatch: take the
 * largest surface outside the legend.
 */
export function mainSvg(root: ParentNode): SVGSVGElement | null {
  let best: SVGSVGElement | null = null,
    area = 0;
  for (const el of Array.from(root.querySelectorAll<SVGSVGElement>('svg.recharts-surface, svg[data-export]'))) {
    if (el.closest('.recharts-legend-wrapper')) continue;
    const b = el.getBoundingClientRect(),
      a = b.width * b.height;
    if (a > area) {
      best = el;
      area = a;
    }
  }
  return best;
}

/** A standalone SVG string of the chart's main <svg>, with a white background, title and legend. */
export function chartSvg(root: HTMLElement, title: string, legend: LegendItem[]): { svg: string; width: number; height: number } {
  const src = mainSvg(root);
  if (!src) throw new Error('nothing to export yet');
  const box = src.getBoundingClientRect();
  const width = Math.ceil(box.width),
    chartH = Math.ceil(box.height);
  const legendRows = Math.ceil(legend.length / 6);
  const height = 24 + chartH + legendRows * 18 + 8;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('font-family', 'system-ui, sans-serif');
  svg.setAttribute('font-size', '12');
  const bg = document.createElementNS(NS, 'rect');
  Object.entries({ width: '100%', height: '100%', fill: '#fff' }).forEach(([k, v]) => bg.setAttribute(k, v));
  svg.appendChild(bg);
  const t = document.createElementNS(NS, 'text');
  Object.entries({ x: '8', y: '16', 'font-weight': '600' }).forEach(([k, v]) => t.setAttribute(k, v));
  t.textContent = title;
  svg.appendChild(t);
  const g = document.createElementNS(NS, 'g');
  g.setAttribute('transform', 'translate(0,24)');
  for (const child of Array.from(src.childNodes)) g.appendChild(child.cloneNode(true));
  svg.appendChild(g);
  legend.forEach((item, i) => {
    const x = 8 + (i % 6) * Math.floor((width - 16) / 6),
      y = 24 + chartH + 14 + Math.floor(i / 6) * 18;
    const sw = document.createElementNS(NS, 'rect');
    Object.entries({ x: String(x), y: String(y - 9), width: '10', height: '10', fill: item.color }).forEach(([k, v]) =>
      sw.setAttribute(k, v),
    );
    const lt = document.createElementNS(NS, 'text');
    Object.entries({ x: String(x + 14), y: String(y) }).forEach(([k, v]) => lt.setAttribute(k, v));
    lt.textContent = item.label;
    svg.append(sw, lt);
  });
  return { svg: new XMLSerializer().serializeToString(svg), width, height };
}

export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
