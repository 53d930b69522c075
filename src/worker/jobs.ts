/**
 * The worker's one job manager. Every request that computes (train, evaluate, study, build a base, fine-tune or
 * evaluate a model, import) runs as a job: listed with its progress, cancellable, and refused with a reason when
 * it needs the backend while another job holds it. One tfjs backend holds one set of weights being trained, so
 * backend jobs ("exclusive") run one at a time; the others (BM25 evaluation, imports, downloads) run beside them.
 *
 * Refuse rather than queue: a queued fine-tune would start at some unknown later moment on a backend the user may
 * be about to switch; the refusal names what holds the backend and how to free it, and the UI shows it.
 *
 * A job lasts as long as the work that answers its request, or longer: training runs, studies and base builds
 * answer once they have started and hold the job until their loop ends (`hold`).
 */
/** Progress of one phase of a job (answered to the request as `progress` messages). */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export type JobKind =
  | 'train'
  | 'study'
  | 'sweep'
  | 'base'
  | 'evaluate'
  | 'finetune'
  | 'model-evaluate'
  | 'model-compute'
  | 'import'
  | 'model-load';

export interface JobSpec {
  kind: JobKind;
  /** What the job is, for the user: `training run "demo"`. */
  label: string;
  /** Needs the tfjs backend and the memory of one trained model: one exclusive job at a time. */
  exclusive: boolean;
}

export interface JobInfo extends JobSpec {
  id: number;
  started: number;
  progress?: Progress;
}

/** A request refused because another job holds the backend; the message says which and how to free it. */
export class BusyError extends Error {
  override readonly name = 'BusyError';
  constructor(
    readonly holder: JobInfo,
    want: string,
  ) {
    super(`${holder.label} is running; ${HOW_TO_FREE[holder.kind]} before ${want} (one training job at a time)`);
  }
}

const HOW_TO_FREE: Record<JobKind, string> = {
  train: 'pause or stop it (Experiment tab), or wait until it finishes,',
  study: 'cancel the study (Study tab), or wait until it finishes,',
  sweep: "pause or stop the α-sweep's current run (Experiment tab), or wait until the sweep finishes,",
  base: 'cancel the build (Bases tab), or wait until it finishes,',
  evaluate: 'cancel the evaluation, or wait until it finishes,',
  finetune: 'cancel the fine-tuning (Models tab), or wait until it finishes,',
  'model-evaluate': 'cancel the model evaluation (Models tab), or wait until it finishes,',
  'model-compute': 'wait until it finishes',
  import: 'wait until it finishes',
  'model-load': 'wait until it finishes',
};

/** What a job's work sees: its signal, a progress callback, and `hold` for work that outlives its request. */
export interface JobContext {
  readonly id: number;
  readonly signal: AbortSignal;
  progress(p: Progress): void;
  /** Keep the job until `until` settles (a run's training loop); `cancel` then stops that work. */
  hold(until: Promise<unknown>, cancel: () => unknown): void;
}

interface Job {
  info: JobInfo;
  abort: AbortController;
  cancel?: () => unknown;
}

export class JobManager {
  private jobs = new Map<number, Job>();

  /** `onChange` gets the job list after every start, end and progress update (the worker broadcasts it). */
  constructor(private readonly onChange: (jobs: JobInfo[]) => void = () => undefined) {}

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  /** The exclusive job running now, if any. */
  holder(): JobInfo | undefined {
    for (const j of this.jobs.values()) if (j.info.exclusive) return { ...j.info };
    return undefined;
  }

  /** Throws BusyError when an exclusive job runs (or, with `any`, when any job runs). */
  assertFree(want: string, any = false): void {
    for (const j of this.jobs.values()) if (any || j.info.exclusive) throw new BusyError({ ...j.info }, want);
  }

  /**
   * Runs `work` as job `id` (the request's id). Refused with BusyError when `spec` is exclusive and an exclusive
   * job runs. `signal` (the request's own cancel) and cancelJob both abort the job's signal.
   */
  async run<T>(
    id: number,
    spec: JobSpec,
    work: (job: JobContext) => Promise<T>,
    opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
  ): Promise<T> {
    if (spec.exclusive) this.assertFree(spec.label);
    if (this.jobs.has(id)) throw new Error(`job ${id} exists already`);
    const job: Job = { info: { ...spec, id, started: Date.now() }, abort: new AbortController() };
    const onAbort = () => job.abort.abort();
    opts.signal?.addEventListener('abort', onAbort);
    if (opts.signal?.aborted) job.abort.abort();
    this.jobs.set(id, job);
    this.changed();
    let held: Promise<unknown> | undefined;
    const ctx: JobContext = {
      id,
      signal: job.abort.signal,
      progress: (p) => {
        job.info.progress = { ...p };
        opts.onProgress?.(p);
        this.changed();
      },
      hold: (until, cancel) => {
        held = until;
        job.cancel = cancel;
      },
    };
    const end = () => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (this.jobs.get(id) === job) {
        this.jobs.delete(id);
        this.changed();
      }
    };
    try {
      const result = await work(ctx);
      if (held) void held.then(end, end);
      return result;
    } finally {
      if (!held) end();
    }
  }

  /** Cancels job `id`: aborts its work, or stops the work it holds (a run pauses). False when there is none. */
  async cancel(id: number): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job) return false;
    job.abort.abort();
    await job.cancel?.();
    return true;
  }

  private changed(): void {
    this.onChange(this.list());
  }
}

/** A request as the dispatcher sees it: a type that names its handler. */
interface Typed {
  type: string;
}

/**
 * Answers `req` with its handler from `table`: as a job when `specOf` gives it one (refused while the backend is
 * held, see JobManager.run), else directly with a context whose `hold` does nothing.
 */
export function dispatch<R extends Typed>(
  table: object,
  specOf: (req: R) => JobSpec | undefined,
  jobs: JobManager,
  id: number,
  req: R,
  opts: { signal: AbortSignal; onProgress: (p: Progress) => void },
): Promise<unknown> {
  const handler = (table as Record<string, ((req: R, ctx: JobContext) => unknown) | undefined>)[req.type];
  if (!handler) return Promise.reject(new Error(`unknown request type ${JSON.stringify(req.type)}`));
  const spec = specOf(req);
  if (!spec)
    return Promise.resolve().then(() =>
      handler(req, { id, signal: opts.signal, progress: opts.onProgress, hold: () => undefined }),
    );
  return jobs.run(id, spec, async (ctx) => handler(req, ctx), opts);
}
