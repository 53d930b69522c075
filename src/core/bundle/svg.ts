/**
 * Small SVG charts as strings for the self-contained HTML report: grouped bars, a heatmap and step curves.
 * Pure TS (no DOM), every label escaped; sizes in user units so the page scales them.
 */

/** HTML/SVG text escape: the report shows names and configs from files anyone can write. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const num = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** Grouped bars: one group per category, one bar per series; values in [0, max]. */
export function barChart(
  title: string,
  categories: string[],
  series: Array<{ name: string; values: Array<number | undefined> }>,
  opts: { max?: number; digits?: number } = {},
): string {
  const W = 640,
    H = 240,
    L = 48,
    B = 36,
    T = 28,
    R = 8;
  const vals = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const max = opts.max ?? Math.max(1e-12, ...vals);
  const gw = (W - L - R) / Math.max(1, categories.length),
    bw = (gw * 0.8) / Math.max(1, series.length);
  const y = (v: number) => T + (H - T - B) * (1 - Math.min(1, Math.max(0, v / max)));
  const parts: string[] = [`<text x="${W / 2}" y="16" text-anchor="middle" class="t">${esc(title)}</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" class="g"/><text x="${L - 4}" y="${y(v) + 4}" text-anchor="end">${num(v, opts.digits ?? 2)}</text>`,
    );
  }
  categories.forEach((c, i) => {
    const x0 = L + i * gw + gw * 0.1;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v === undefined || !Number.isFinite(v)) return;
      parts.push(
        `<rect x="${(x0 + j * bw).toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(H - B - y(v)).toFixed(1)}" fill="${PALETTE[j % PALETTE.length]}"><title>${esc(`${s.name} · ${c}: ${num(v, opts.digits ?? 4)}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${(L + i * gw + gw / 2).toFixed(1)}" y="${H - B + 14}" text-anchor="middle">${esc(c)}</text>`);
  });
  return svg(
    W,
    H + (series.length > 1 ? 18 : 0),
    parts.concat(
      series.length > 1
        ? legend(
            series.map((s) => s.name),
            H + 4,
          )
        : [],
    ),
  );
}

/** Heatmap of row → column values in [0, 1] (the cross-lingual mAP matrix), each cell labelled. */
export function heatmap(
  title: string,
  rows: string[],
  cols: string[],
  value: (r: string, c: string) => number | undefined,
): string {
  const cell = 44,
    L = 40,
    T = 40;
  const W = L + cols.length * cell + 8,
    H = T + rows.length * cell + 8;
  const parts: string[] = [`<text x="${W / 2}" y="14" text-anchor="middle" class="t">${esc(title)}</text>`];
  cols.forEach((c, j) => parts.push(`<text x="${L + j * cell + cell / 2}" y="${T - 6}" text-anchor="middle">${esc(c)}</text>`));
  rows.forEach((r, i) => {
    parts.push(`<text x="${L - 6}" y="${T + i * cell + cell / 2 + 4}" text-anchor="end">${esc(r)}</text>`);
    cols.forEach((c, j) => {
      const v = value(r, c);
      const fill =
        v === undefined ? '#eee' : `rgb(${Math.round(255 - 200 * v)},${Math.round(255 - 120 * v)},${Math.round(255 - 40 * v)})`;
      parts.push(
        `<rect x="${L + j * cell}" y="${T + i * cell}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${esc(`${r} → ${c}: ${v === undefined ? 'n/a' : num(v, 4)}`)}</title></rect>`,
      );
      if (v !== undefined)
        parts.push(
          `<text x="${L + j * cell + cell / 2 - 1}" y="${T + i * cell + cell / 2 + 4}" text-anchor="middle" class="${v > 0.6 ? 'w' : ''}">${num(v, 2)}</text>`,
        );
    });
  });
  return svg(W, H, parts);
}

/** Step curves; each series is drawn only through its own points (a series never joins different query sets). */
export function lineChart(
  title: string,
  series: Array<{ name: string; points: Array<[number, number]> }>,
  opts: { digits?: number } = {},
): string {
  const W = 640,
    H = 220,
    L = 48,
    B = 30,
    T = 28,
    R = 8;
  const xs = series.flatMap((s) => s.points.map((p) => p[0])),
    ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.min(0, ...xs),
    x1 = Math.max(1, ...xs),
    y0 = Math.min(...ys, 0),
    y1 = Math.max(...ys, 1e-12);
  const X = (v: number) => L + ((W - L - R) * (v - x0)) / (x1 - x0 || 1),
    Y = (v: number) => T + (H - T - B) * (1 - (v - y0) / (y1 - y0 || 1));
  const parts: string[] = [`<text x="${W / 2}" y="16" text-anchor="middle" class="t">${esc(title)}</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = y0 + ((y1 - y0) * k) / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" class="g"/><text x="${L - 4}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end">${num(v, opts.digits ?? 2)}</text>`,
    );
  }
  parts.push(`<text x="${L}" y="${H - 8}">step ${x0}</text><text x="${W - R}" y="${H - 8}" text-anchor="end">${x1}</text>`);
  series.forEach((s, j) => {
    const color = PALETTE[j % PALETTE.length];
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map(([a, b]) => `${X(a).toFixed(1)},${Y(b).toFixed(1)}`).join(' ')}"/>`,
      );
    for (const [a, b] of pts)
      parts.push(
        `<circle cx="${X(a).toFixed(1)}" cy="${Y(b).toFixed(1)}" r="3" fill="${color}"><title>${esc(`${s.name} · step ${a}: ${num(b, 4)}`)}</title></circle>`,
      );
  });
  return svg(
    W,
    H + (series.length > 1 ? 18 : 0),
    parts.concat(
      series.length > 1
        ? legend(
            series.map((s) => s.name),
            H + 4,
          )
        : [],
    ),
  );
}

function legend(names: string[], y: number): string[] {
  let x = 48;
  return names.map((n, j) => {
    const s = `<rect x="${x}" y="${y}" width="10" height="10" fill="${PALETTE[j % PALETTE.length]}"/><text x="${x + 14}" y="${y + 9}">${esc(n)}</text>`;
    x += 24 + Math.min(40, n.length) * 6.5;
    return s;
  });
}

function svg(w: number, h: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${parts.join('')}</svg>`;
}
