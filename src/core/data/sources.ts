/**
 * The one registry of downloadable datasets: where each file lives, how big it is, how its checksum is known,
 * its licence and the attribution shown before use. Read by the CLI (`fetch-data`) and the worker ("Get …"
 * on the Data tab) through `resolveSourceFiles` (src/core/data/fetch-source.ts).
 *
 * Two kinds of file:
 * - `pinned`: URL, size and sha256 recorded here. XQuAD-R's values were taken from the unmodified originals in
 *   ../shared/data/xquad-r (copied byte for byte from google-research-datasets/lareqa at commit 9bc8c7f…,
 *   see its SOURCE.md), so the URLs name that commit too.
 * - `hub`: a file of a Hugging Face Hub dataset repository at a pinned revision, found by a name pattern in the
 *   Hub's listing API (`/api/datasets/<repo>/tree/<revision>/<dir>`), which also gives its size and sha256
 *   (`lfs.oid`). The checksum is therefore taken from the Hub at download time and the bytes are verified
 *   against it; nothing about these files was downloaded or measured when this registry was written (no
 *   network here). The revisions are the ones MTEB pins for its DuRetrieval task.
 */

export interface PinnedFile {
  kind: 'pinned';
  /** Name the file is saved and imported under. */
  name: string;
  /** Path under the source's base URL. */
  path: string;
  size: number;
  sha256: string;
}

export interface HubFile {
  kind: 'hub';
  /** Role in the dataset (for messages): corpus, queries, qrels. */
  role: string;
  repo: string;
  revision: string;
  /** Folder of the repository to list. */
  dir: string;
  /** The file in that folder (its full name carries a content hash that we do not pin). */
  pattern: RegExp;
}

export type SourceFile = PinnedFile | HubFile;

export interface DataSource {
  id: string;
  title: string;
  description: string;
  /** Base URL of every file; `--base-url` (CLI) or the test server replaces it. */
  defaultBase: string;
  files: SourceFile[];
  /** Approximate total download, for the button before the sizes are known (hub files). */
  approxBytes: number;
  licence: { name: string; url: string };
  /** Shown (and written next to the files) before use. */
  attribution: string;
  homepage: string;
  /** Options the import needs (C-MTEB parquet carries no language column). */
  importOptions: { lang?: string };
  /** What the study and the evaluation can do with it. */
  note?: string;
}

const LAREQA_COMMIT = '9bc8c7fb6dd8d01d72a05a93c2cb96882b0d299c';
const XQUAD_R: Array<[lang: string, size: number, sha256: string]> = [
  ['ar', 2234875, 'c52922d3b8ac1ae03ed5ac38647ad59870dca3dda2beefe18ecdc30729acb69d'],
  ['de', 732156, '16fb0f4bf4916154b585a20c24c66074591c9718a1affe764ff4697572328949'],
  ['el', 2810127, '163fd43ee785a30eb534ae2061e9eaa766a7ee4e8ffce5e4b422480c150f64b6'],
  ['en', 628651, '7b0954f39297c27a31fef610f0883337dd2907fa8699151dc922afdd0fa12ffe'],
  ['es', 746335, 'f8e836b2d91009c4363e04315f7ede363eedbbb49c67dda60de6c4aa782f58de'],
  ['hi', 2408404, 'ea45ba8ae4513d1533b222bebdc02a90bc319c055d3aeea68584a053d2e92872'],
  ['ru', 2764904, '7f4dff853538b9a5fcc28c070b8bb983a5c5d190ac747b8e005a1ada9cab18f1'],
  ['th', 2618544, 'c3a041864c3a9fb0b4dd91cfdf99cf36b411b3e704c58a303c97bc6dc786cfe4'],
  ['tr', 827827, 'f3e8c13002bbce154a4578f535f7533cb70f3da08840e6b62735935baec7bd94'],
  ['vi', 1132303, 'e35926bf5cc6fc6ecbdfca49467aabeb454f08d152d7818143a906bd31dde995'],
  ['zh', 959291, '80c2cde7b9c2fb134c303cbb52f2ba396ead9eb0014aec43993543d2ba9e93ed'],
];

const DURETRIEVAL_REV = 'a1a333e290fe30b10f3f56498e3a0d911a693ced';
const DURETRIEVAL_QRELS_REV = '497b7bd1bbb25cb3757ff34d95a8be50a3de2279';

export const SOURCES: DataSource[] = [
  {
    id: 'xquad-r',
    title: 'XQuAD-R',
    description:
      "LAReQA's XQuAD-R: 1,190 questions in 11 languages (ar, de, el, en, es, hi, ru, th, tr, vi, zh) with answer sentences; every translation of the answer is relevant.",
    defaultBase: 'https://raw.githubusercontent.com',
    files: XQUAD_R.map(([lang, size, sha256]) => ({
      kind: 'pinned' as const,
      name: `${lang}.json`,
      path: `/google-research-datasets/lareqa/${LAREQA_COMMIT}/xquad-r/${lang}.json`,
      size,
      sha256,
    })),
    approxBytes: XQUAD_R.reduce((a, [, s]) => a + s, 0),
    licence: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
    attribution:
      'XQuAD-R from LAReQA (Roy, Constant, Al-Rfou, Barua, Phillips, Yang 2020, "LAReQA: Language-agnostic answer retrieval from a multilingual pool", arXiv:2004.05484), github.com/google-research-datasets/lareqa, built on XQuAD (Artetxe, Ruder, Yogatama 2020) and SQuAD v1.1 (Rajpurkar et al. 2016); licensed CC BY-SA 4.0. Derived material must keep the attribution and the same licence.',
    homepage: 'https://github.com/google-research-datasets/lareqa',
    importOptions: {},
  },
  {
    id: 'duretrieval',
    title: 'DuRetrieval',
    description:
      "C-MTEB's DuRetrieval (Chinese web-search passage retrieval from DuReader_retrieval): 100,001 passages, 2,000 dev queries with qrels; Chinese only.",
    defaultBase: 'https://huggingface.co',
    files: [
      {
        kind: 'hub',
        role: 'corpus',
        repo: 'C-MTEB/DuRetrieval',
        revision: DURETRIEVAL_REV,
        dir: 'data',
        pattern: /^data\/corpus-[^/]*\.parquet$/,
      },
      {
        kind: 'hub',
        role: 'queries',
        repo: 'C-MTEB/DuRetrieval',
        revision: DURETRIEVAL_REV,
        dir: 'data',
        pattern: /^data\/queries-[^/]*\.parquet$/,
      },
      {
        kind: 'hub',
        role: 'qrels',
        repo: 'C-MTEB/DuRetrieval-qrels',
        revision: DURETRIEVAL_QRELS_REV,
        dir: 'data',
        pattern: /^data\/dev-[^/]*\.parquet$/,
      },
    ],
    approxBytes: 65_000_000,
    // Neither the DuReader-Retrieval README (github.com/baidu/DuReader) nor MTEB's task metadata states a licence.
    licence: {
      name: "no licence stated (research benchmark; check Baidu's terms before redistributing)",
      url: 'https://github.com/baidu/DuReader/tree/master/DuReader-Retrieval',
    },
    attribution:
      'DuReader_retrieval (Qiu, Li, Qu, Chen, She, Liu, Wu, Wang 2022, "DuReader_retrieval: A Large-scale Chinese Benchmark for Passage Retrieval from Web Search Engine", EMNLP 2022, arXiv:2203.10232), Baidu, github.com/baidu/DuReader; the C-MTEB subset by Xiao et al. 2023 ("C-Pack", arXiv:2309.07597) on the Hugging Face Hub (C-MTEB/DuRetrieval, C-MTEB/DuRetrieval-qrels). No licence is stated by the release or the C-MTEB copy: use it for research, keep this attribution, and do not redistribute it without checking Baidu\'s terms.',
    homepage: 'https://huggingface.co/datasets/C-MTEB/DuRetrieval',
    importOptions: { lang: 'zh' },
    note: 'One language (zh): only the monolingual setting is defined; cross-lingual and multilingual report nothing.',
  },
];

export function findSource(id: string): DataSource {
  const s = SOURCES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown dataset "${id}"; known: ${SOURCES.map((x) => x.id).join(', ')}`);
  return s;
}
