/**
 * `cli fetch-data <name> --out <dir> [--base-url URL]`: download a registered dataset (src/core/data/sources.ts)
 * into a folder, verify every file's size and sha256, write SOURCE.md (URLs, checksums, licence, attribution) and
 * dataset.json (name and language for the importer), then import it once to show what it holds.
 * Ctrl-C or a broken connection keeps `<file>.part` (+ `.part.json`: URL and ETag); the next run resumes it
 * where the server allows (Range + If-Range) and restarts it otherwise. Complete files whose checksum matches
 * are not downloaded again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newDownloadState, sha256Hex, type DownloadState } from '../../core/data/download';
import { fetchSource, resolveSourceFiles, type ResolvedFile } from '../../core/data/fetch-source';
import { SOURCES, findSource, type DataSource } from '../../core/data/sources';
import { flag, parseArgs, UsageError } from '../args';
import { loadDataset, SIDECAR } from '../data-io';
import { ProgressBar } from '../progress';

export const FETCH_DATA_USAGE = `npm run cli -- fetch-data <${SOURCES.map((s) => s.id).join('|')}> --out <dir> [--base-url URL]`;

function sourceMd(s: DataSource, files: ResolvedFile[]): string {
  return [
    `# ${s.title}`,
    '',
    s.description,
    '',
    `- Licence: ${s.licence.name} (${s.licence.url})`,
    `- Attribution: ${s.attribution}`,
    `- Home: ${s.homepage}`,
    ...(s.note ? [`- Note: ${s.note}`] : []),
    '',
    '| file | bytes | sha256 | checksum from | URL |',
    '|---|---|---|---|---|',
    ...files.map((f) => `| ${f.name} | ${f.size} | ${f.sha256} | ${f.checksumFrom} | ${f.url} |`),
    '',
    `Fetched with \`npm run cli -- fetch-data ${s.id}\` on ${new Date().toISOString()}.`,
    '',
  ].join('\n');
}

export async function fetchDataCommand(argv: string[]): Promise<void> {
  const a = parseArgs(argv, { out: 'value', 'base-url': 'value' }, 'fetch-data', 1);
  const id = a.positional[0];
  const out = flag(a, 'out');
  if (!id || !out) throw new UsageError(`fetch-data needs a dataset name and --out\n  ${FETCH_DATA_USAGE}`);
  if (!SOURCES.some((s) => s.id === id))
    throw new UsageError(`fetch-data: unknown dataset "${id}"; known: ${SOURCES.map((s) => s.id).join(', ')}`);
  const source = findSource(id);
  const base = flag(a, 'base-url') ?? source.defaultBase;
  mkdirSync(out, { recursive: true });
  process.stderr.write(`${source.title}: ${source.licence.name}. ${source.attribution}\n`);

  // Files already complete (checksum verified) are kept; parts are resumed.
  const files = await resolveSourceFiles(source, base);
  const done = new Map<string, Uint8Array>();
  const states = new Map<string, DownloadState>();
  for (const f of files) {
    const p = join(out, f.name);
    if (existsSync(p)) {
      const bytes = new Uint8Array(readFileSync(p));
      if (bytes.length === f.size && (await sha256Hex(bytes)) === f.sha256) {
        done.set(f.name, bytes);
        continue;
      }
      process.stderr.write(`${f.name}: present but its checksum differs; downloading it again\n`);
    }
    if (existsSync(p + '.part') && existsSync(p + '.part.json')) {
      const meta = JSON.parse(readFileSync(p + '.part.json', 'utf8')) as { url: string; etag?: string; lastModified?: string };
      const bytes = new Uint8Array(readFileSync(p + '.part'));
      states.set(f.name, {
        ...newDownloadState(meta.url),
        chunks: [bytes],
        bytes: bytes.length,
        etag: meta.etag,
        lastModified: meta.lastModified,
      });
      process.stderr.write(`${f.name}: resuming after ${bytes.length} bytes\n`);
    }
  }
  const savePart = (name: string, s: DownloadState) => {
    const p = join(out, name);
    if (s.bytes === 0) {
      rmSync(p + '.part', { force: true });
      rmSync(p + '.part.json', { force: true });
      return;
    }
    const buf = new Uint8Array(s.bytes);
    let o = 0;
    for (const c of s.chunks) {
      buf.set(c, o);
      o += c.length;
    }
    writeFileSync(p + '.part', buf);
    writeFileSync(p + '.part.json', JSON.stringify({ url: s.url, etag: s.etag, lastModified: s.lastModified }) + '\n');
  };

  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  const bar = new ProgressBar(`fetch ${source.id}`);
  const t0 = Date.now();
  try {
    const r = await fetchSource(source, {
      base,
      files,
      states,
      done,
      signal: ctrl.signal,
      onProgress: (p) => bar.update(p.bytes, p.total, p.file),
      onNote: (n) => process.stderr.write(`note: ${n}\n`),
      onFile: (f, bytes) => {
        writeFileSync(join(out, f.name + '.tmp'), bytes);
        renameSync(join(out, f.name + '.tmp'), join(out, f.name));
        rmSync(join(out, f.name + '.part'), { force: true });
        rmSync(join(out, f.name + '.part.json'), { force: true });
      },
    });
    writeFileSync(join(out, 'SOURCE.md'), sourceMd(source, r.files));
    writeFileSync(
      join(out, SIDECAR),
      JSON.stringify({ source: source.id, name: source.title, ...source.importOptions }, null, 2) + '\n',
    );
    const total = r.files.reduce((s, f) => s + f.size, 0);
    process.stderr.write(
      `${r.files.length} files, ${total} bytes, sha256 verified (${r.files[0]?.checksumFrom === 'hub-listing' ? 'checksums from the Hub listing' : 'checksums from the registry'})${r.resumed.length ? `; resumed: ${r.resumed.join(', ')}` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${out}\n`,
    );
  } catch (e) {
    for (const [name, s] of states) savePart(name, s);
    if (ctrl.signal.aborted) {
      process.stderr.write(`cancelled; run the same command again to resume\n`);
      process.exitCode = 130;
      return;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  const ds = await loadDataset(out);
  process.stdout.write(
    `${ds.name}: ${ds.langs.join(', ')} — ${ds.queries.length} queries, ${ds.candidates.length} candidates${ds.split ? ` (${ds.split})` : ''}\n`,
  );
}
