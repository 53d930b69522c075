/** Routes the α-sweep's requests (sweep-protocol.ts) to its persisted queue (sweep.ts). */
import type { HandlerTable } from '../protocol';
import { cancelSweep, getSweep, resumeSweep, startSweep, sweepSettled } from './sweep';
import type { SweepRequest } from './sweep-protocol';

/** Starting or resuming holds the sweep's job (jobs.ts) until its queue stops; cancelling the job pauses its run. */
export const sweepHandlers: HandlerTable<SweepRequest> = {
  sweepStart: async (req, job) => {
    const rec = await startSweep(req.base, req.alphas, req.seeds);
    job.hold(sweepSettled(), cancelSweep);
    return rec;
  },
  sweepResume: async (_req, job) => {
    const rec = await resumeSweep();
    job.hold(sweepSettled(), cancelSweep);
    return rec;
  },
  sweepGet: () => getSweep(),
};
