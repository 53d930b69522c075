/**
 * A small synthetic dataset in the C-MTEB DuRetrieval layout (our own Chinese sentences, generated): parquet
 * corpus (`id`, `text`), queries (`id`, `text`) in `C-MTEB/DuRetrieval`, dev qrels (`qid`, `pid`, `score`) in
 * `C-MTEB/DuRetrieval-qrels`, at the revisions the registry pins, written with hyparquet-writer (snappy).
 */
import { createHash } from 'node:crypto';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { findSource, type HubFile } from '../../src/core/data/sources';
import type { HubDataFile } from './data-server';

const TOPICS = ['太阳花', '长城', '熊猫', '茶叶', '高铁', '月饼', '黄河', '京剧', '围棋', '饺子', '丝绸', '瓷器'];
const VERBS = [
  '怎么养',
  '有多长',
  '吃什么',
  '怎么泡',
  '有多快',
  '怎么做',
  '在哪里',
  '怎么唱',
  '怎么下',
  '怎么包',
  '怎么织',
  '怎么烧',
];
const FILLER = [
  '这是一段关于生活的介绍。',
  '很多人都想知道答案。',
  '下面是详细的说明。',
  '请注意季节和温度。',
  '专家给出了一些建议。',
];

export interface DuRetrievalFixture {
  files: HubDataFile[];
  passages: number;
  queries: number;
}

/** `passages` corpus rows (≥ TOPICS.length), one query per topic, 2 relevant passages each, one 0-score row. */
export function makeDuRetrievalFixture(passages = 400): DuRetrievalFixture {
  const ids: string[] = [],
    texts: string[] = [];
  for (let i = 0; i < passages; i++) {
    const t = i % TOPICS.length;
    ids.push(`p${(i * 7919) % 100003}`);
    texts.push(`${TOPICS[t]}${VERBS[t]}？${FILLER[i % FILLER.length]}${FILLER[(i * 3 + 1) % FILLER.length]}第${i}段。`);
  }
  const qids = TOPICS.map((_, t) => `q${1000 + t}`);
  const qtexts = TOPICS.map((t, k) => `${t}${VERBS[k]}`);
  const rq: string[] = [],
    rp: string[] = [],
    rs: number[] = [];
  TOPICS.forEach((_, t) => {
    rq.push(qids[t], qids[t], qids[t]);
    rp.push(ids[t], ids[t + TOPICS.length], ids[(t + 1) % TOPICS.length]);
    rs.push(1, 1, 0);
  });
  const src = findSource('duretrieval').files as HubFile[];
  const at = (role: string) => src.find((f) => f.role === role)!;
  const file = (role: string, prefix: string, buf: ArrayBuffer): HubDataFile => {
    const bytes = new Uint8Array(buf);
    const tag = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    return { repo: at(role).repo, revision: at(role).revision, path: `data/${prefix}-00000-of-00001-${tag}.parquet`, bytes };
  };
  return {
    passages,
    queries: qids.length,
    files: [
      file(
        'corpus',
        'corpus',
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: ids, type: 'STRING' },
            { name: 'text', data: texts, type: 'STRING' },
          ],
        }),
      ),
      file(
        'queries',
        'queries',
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: qids, type: 'STRING' },
            { name: 'text', data: qtexts, type: 'STRING' },
          ],
        }),
      ),
      file(
        'qrels',
        'dev',
        parquetWriteBuffer({
          columnData: [
            { name: 'qid', data: rq, type: 'STRING' },
            { name: 'pid', data: rp, type: 'STRING' },
            { name: 'score', data: rs, type: 'INT32' },
          ],
        }),
      ),
    ],
  };
}
