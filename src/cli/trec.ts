/** TREC run files: `qid Q0 docid rank score tag`, qid = `<lang>:<xlingId>`, docid = candidate uid. */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Dataset } from '../core/data/types';

export class TrecRunWriter {
  private out: WriteStream;
  constructor(
    path: string,
    private dataset: Dataset,
    private tag: string,
  ) {
    this.out = createWriteStream(path);
  }

  /** Writes one query's full ranking; awaits back-pressure so huge runs stay in bounded memory. */
  async write(queryIdx: number, ranked: Int32Array, rankedScores: Float32Array): Promise<void> {
    const q = this.dataset.queries[queryIdx];
    const qid = `${q.lang}:${q.xlingId}`;
    const lines: string[] = new Array(ranked.length);
    for (let r = 0; r < ranked.length; r++) {
      const ci = ranked[r];
      lines[r] = `${qid} Q0 ${this.dataset.candidates[ci].uid} ${r + 1} ${rankedScores[r]} ${this.tag}`;
    }
    if (!this.out.write(lines.join('\n') + '\n')) await new Promise<void>((res) => this.out.once('drain', () => res()));
  }

  close(): Promise<void> {
    return new Promise((res, rej) => this.out.end((err?: Error | null) => (err ? rej(err) : res())));
  }
}
