/**
 * The merge phase of WordPiece training in flat typed arrays, so that a 10⁶-pair lexicon trains in bounded
 * memory (#15): words are one Int32Array of symbol ids, pairs are interned (a, b) → index in an open-addressing
 * table, each pair's words are a segment of one posting pool, and the priority queue is two typed arrays.
 * (Maps of Sets, an Int32Array per word and a heap of tuples peaked near 3 GB on that lexicon.)
 *
 * Same result as the Map-based algorithm it replaces, whose order-free parts it keeps: the most frequent pair
 * wins, ties go to the smaller (a, b); a stale queue entry is re-queued with its current count; a merged pair's
 * words are visited once each.
 */

/** Words as symbol-id sequences: word i is symbols[offsets[i] .. offsets[i] + lengths[i]) (−1 = no pair spans it). */
export interface MergeWords {
  symbols: Int32Array;
  offsets: Int32Array;
  lengths: Int32Array;
  freqs: Float64Array;
}

export interface MergeOptions {
  minFrequency: number;
  /** True when the vocabulary is full: merging stops. */
  full: () => boolean;
  /** The symbol id of the merge of a and b (a new id, or an existing one when another pair spelled it already). */
  symbolFor: (a: number, b: number) => number;
}

function grownI32(arr: Int32Array, n: number, fill = 0): Int32Array {
  if (n <= arr.length) return arr;
  const out = new Int32Array(Math.max(n, Math.ceil(arr.length * 1.5)));
  out.set(arr);
  if (fill) out.fill(fill, arr.length);
  return out;
}
function grownF64(arr: Float64Array, n: number): Float64Array {
  if (n <= arr.length) return arr;
  const out = new Float64Array(Math.max(n, Math.ceil(arr.length * 1.5)));
  out.set(arr);
  return out;
}

/** Interned symbol pairs with their corpus counts and posting segments (the words that contain them, or did). */
class PairTable {
  size = 0;
  a: Int32Array = new Int32Array(1024);
  b: Int32Array = new Int32Array(1024);
  count: Float64Array = new Float64Array(1024);
  start: Int32Array = new Int32Array(1024);
  len: Int32Array = new Int32Array(1024);
  cap: Int32Array = new Int32Array(1024);
  /** Last word appended to the segment: a word's repeated pair is posted once. */
  lastWord: Int32Array = new Int32Array(1024).fill(-1);
  /** Merge number that last touched the pair (its count may need re-queueing). */
  touched: Int32Array = new Int32Array(1024);
  private slots: Int32Array = new Int32Array(4096).fill(-1);

  private slotOf(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const p = this.slots[h];
      if (p < 0 || (this.a[p] === a && this.b[p] === b)) return h;
      h = (h + 1) & mask;
    }
  }

  find(a: number, b: number): number {
    return this.slots[this.slotOf(a, b)];
  }

  intern(a: number, b: number): number {
    const s = this.slotOf(a, b);
    if (this.slots[s] >= 0) return this.slots[s];
    const p = this.size++;
    if (p >= this.a.length) this.grow(p + 1);
    this.a[p] = a;
    this.b[p] = b;
    this.slots[s] = p;
    if (this.size * 2 > this.slots.length) this.rehash();
    return p;
  }

  private grow(n: number): void {
    this.a = grownI32(this.a, n);
    this.b = grownI32(this.b, n);
    this.count = grownF64(this.count, n);
    this.start = grownI32(this.start, n);
    this.len = grownI32(this.len, n);
    this.cap = grownI32(this.cap, n);
    this.lastWord = grownI32(this.lastWord, n, -1);
    this.touched = grownI32(this.touched, n);
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let p = 0; p < this.size; p++) this.slots[this.slotOf(this.a[p], this.b[p])] = p;
  }
}

/** Word lists of all pairs in one Int32Array; a full segment moves to the end at twice its size, garbage is compacted away. */
class PostingPool {
  pool: Int32Array = new Int32Array(0);
  private end = 0;
  private live = 0;
  constructor(private readonly t: PairTable) {}

  /** Lays out segments of exactly the given sizes (the first build knows them). */
  layout(sizes: Int32Array, n: number): void {
    let total = 0;
    for (let p = 0; p < n; p++) total += sizes[p];
    this.pool = new Int32Array(total);
    let at = 0;
    for (let p = 0; p < n; p++) {
      this.t.start[p] = at;
      this.t.cap[p] = sizes[p];
      this.t.len[p] = 0;
      at += sizes[p];
    }
    this.end = this.live = total;
  }

  append(p: number, word: number): void {
    const t = this.t;
    if (t.lastWord[p] === word) return;
    t.lastWord[p] = word;
    if (t.len[p] === t.cap[p]) this.move(p, Math.max(4, t.cap[p] * 2));
    this.pool[t.start[p] + t.len[p]++] = word;
  }

  free(p: number): void {
    this.live -= this.t.cap[p];
    this.t.len[p] = this.t.cap[p] = 0;
  }

  private move(p: number, cap: number): void {
    const t = this.t;
    if (this.end + cap > this.pool.length) this.compact(cap);
    this.pool.copyWithin(this.end, t.start[p], t.start[p] + t.len[p]);
    this.live += cap - t.cap[p];
    t.start[p] = this.end;
    t.cap[p] = cap;
    this.end += cap;
  }

  /** A fresh pool holding the live segments back to back, with room for `need` more and headroom. */
  private compact(need: number): void {
    const t = this.t;
    const next = new Int32Array(Math.ceil((this.live + need) * 1.5) + 1024);
    let at = 0;
    for (let p = 0; p < t.size; p++) {
      if (t.cap[p] === 0) continue;
      next.set(this.pool.subarray(t.start[p], t.start[p] + t.len[p]), at);
      t.start[p] = at;
      at += t.cap[p];
    }
    this.pool = next;
    this.end = at;
  }
}

/** Max-queue of (count, pair); equal counts pop the smaller (a, b) first. */
class PairQueue {
  n = 0;
  private c: Float64Array = new Float64Array(1024);
  private p: Int32Array = new Int32Array(1024);
  constructor(private readonly t: PairTable) {}

  private before(i: number, j: number): boolean {
    const ci = this.c[i],
      cj = this.c[j];
    if (ci !== cj) return ci > cj;
    const pi = this.p[i],
      pj = this.p[j],
      a = this.t.a,
      b = this.t.b;
    return a[pi] < a[pj] || (a[pi] === a[pj] && b[pi] < b[pj]);
  }
  private swap(i: number, j: number): void {
    const c = this.c[i];
    this.c[i] = this.c[j];
    this.c[j] = c;
    const p = this.p[i];
    this.p[i] = this.p[j];
    this.p[j] = p;
  }

  push(count: number, pair: number): void {
    if (this.n === this.c.length) {
      this.c = grownF64(this.c, this.n + 1);
      this.p = grownI32(this.p, this.n + 1);
    }
    let i = this.n++;
    this.c[i] = count;
    this.p[i] = pair;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  /** Removes the top; its count and pair are then topCount / topPair. */
  topCount = 0;
  topPair = -1;
  pop(): boolean {
    if (this.n === 0) return false;
    this.topCount = this.c[0];
    this.topPair = this.p[0];
    const last = --this.n;
    if (last > 0) {
      this.c[0] = this.c[last];
      this.p[0] = this.p[last];
      for (let i = 0; ; ) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < last && this.before(l, m)) m = l;
        if (r < last && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return true;
  }
}

/** Merges the most frequent adjacent pair of `w` (rewritten in place) until `full()` or no pair reaches minFrequency; returns the merge count. */
export function mergePairs(w: MergeWords, o: MergeOptions): number {
  const { symbols: s, offsets, lengths, freqs } = w;
  const nWords = lengths.length;
  const t = new PairTable();
  const posts = new PostingPool(t);

  // Count every pair and how many words hold it, then post each word once per pair.
  let occ: Int32Array = new Int32Array(1024);
  for (let wi = 0; wi < nWords; wi++) {
    const base = offsets[wi],
      f = freqs[wi];
    for (let k = base; k + 1 < base + lengths[wi]; k++) {
      if (s[k] < 0 || s[k + 1] < 0) continue;
      const p = t.intern(s[k], s[k + 1]);
      t.count[p] += f;
      if (t.lastWord[p] !== wi) {
        t.lastWord[p] = wi;
        occ = grownI32(occ, p + 1);
        occ[p]++;
      }
    }
  }
  posts.layout(occ, t.size);
  occ = new Int32Array(0);
  t.lastWord.fill(-1);
  for (let wi = 0; wi < nWords; wi++) {
    const base = offsets[wi];
    for (let k = base; k + 1 < base + lengths[wi]; k++) if (s[k] >= 0 && s[k + 1] >= 0) posts.append(t.find(s[k], s[k + 1]), wi);
  }
  const queue = new PairQueue(t);
  for (let p = 0; p < t.size; p++) queue.push(t.count[p], p);

  const visited = new Int32Array(nWords);
  let touchedList: Int32Array = new Int32Array(256);
  let merges = 0;
  while (!o.full() && queue.pop()) {
    const p = queue.topPair,
      cur = t.count[p];
    if (cur !== queue.topCount) {
      if (cur > 0) queue.push(cur, p);
      continue;
    }
    if (cur < o.minFrequency) break;
    const a = t.a[p],
      b = t.b[p];
    const id = o.symbolFor(a, b);
    const stamp = ++merges;
    let nTouched = 0;
    // t.len[p] and t.start[p] are re-read: posting other pairs may move p's segment.
    for (let i = 0; i < t.len[p]; i++) {
      const wi = posts.pool[t.start[p] + i];
      if (visited[wi] === stamp) continue;
      visited[wi] = stamp;
      const base = offsets[wi],
        n = lengths[wi],
        f = freqs[wi];
      let has = false;
      for (let k = base; k + 1 < base + n; k++)
        if (s[k] === a && s[k + 1] === b) {
          has = true;
          break;
        }
      if (!has) continue; // a stale posting: the pair left this word in an earlier merge
      for (let k = base; k + 1 < base + n; k++) if (s[k] >= 0 && s[k + 1] >= 0) t.count[t.find(s[k], s[k + 1])] -= f;
      let out = base;
      for (let k = base; k < base + n; ) {
        if (k + 1 < base + n && s[k] === a && s[k + 1] === b) {
          s[out++] = id;
          k += 2;
        } else s[out++] = s[k++];
      }
      lengths[wi] = out - base;
      for (let k = base; k + 1 < out; k++) {
        const x = s[k],
          y = s[k + 1];
        if (x < 0 || y < 0) continue;
        const q = t.intern(x, y);
        t.count[q] += f;
        // Only pairs next to the new symbol are new to this word: the others were posted with it already.
        if (x !== id && y !== id) continue;
        posts.append(q, wi);
        if (t.touched[q] !== stamp) {
          t.touched[q] = stamp;
          touchedList = grownI32(touchedList, nTouched + 1);
          touchedList[nTouched++] = q;
        }
      }
    }
    t.count[p] = 0;
    posts.free(p);
    for (let i = 0; i < nTouched; i++) {
      const q = touchedList[i];
      if (t.count[q] > 0) queue.push(t.count[q], q);
    }
  }
  return merges;
}
