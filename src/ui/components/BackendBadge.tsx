import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BackendPreference } from '../../worker/protocol';
import { fmtBytes } from '../format';
import { useApp } from '../store';
import { isBuilding } from '../store/bases';
import { runningRun } from '../store/runs';

/** Header badge: the active tfjs backend (switchable among those that passed the self-test), its time, tf.memory(). */
export function BackendBadge() {
  const { backend, backendStatus, backendError, memory, refreshMemory, available, initBackend, training } = useApp(
    useShallow((s) => ({
      backend: s.backend,
      backendStatus: s.backendStatus,
      backendError: s.backendError,
      memory: s.memory,
      refreshMemory: s.refreshMemory,
      available: s.availableBackends,
      initBackend: s.initBackend,
      training: !!runningRun(s.runs) || isBuilding(s.build),
    })),
  );
  const selectId = useId();
  useEffect(() => {
    if (backendStatus !== 'ready') return;
    const t = setInterval(() => void refreshMemory(), 5000);
    return () => clearInterval(t);
  }, [backendStatus, refreshMemory]);

  if (backendStatus === 'error') {
    return (
      <span className="badge badge-error" data-testid="backend-badge" title={backendError}>
        backend: failed — {backendError}
      </span>
    );
  }
  if (!backend) {
    return (
      <span className="badge badge-pending" data-testid="backend-badge" aria-live="polite">
        backend: self-testing…
      </span>
    );
  }
  const software = backend.webgpuAdapter?.software ? backend.webgpuAdapter.label : undefined;
  const optionLabel = (b: { name: string; ms: number }) =>
    b.name === 'webgpu' && software
      ? `webgpu — software adapter, very slow (${b.ms.toFixed(2)} ms self-test)`
      : `${b.name} (${b.ms.toFixed(2)} ms)`;
  const tried = backend.tried.map((t) => `${t.name}: ${t.ok ? `${t.ms?.toFixed(2)} ms` : t.error}`).join('\n');
  return (
    <span className="badge-wrap">
      <span
        className="badge badge-ok"
        data-testid="backend-badge"
        data-backend={backend.name}
        data-selftest-ms={backend.selfTestMs}
        data-simd-kernels={backend.simdKernels ? 'true' : 'false'}
        title={
          `Self-test (128×128 matmul, median of 5):\n${tried}\ncross-origin isolated: ${backend.crossOriginIsolated ? 'yes' : 'no'}` +
          `\nWebAssembly SIMD kernels (GELU, LayerNorm): ${backend.simdKernels ? 'on' : 'off (composite tf ops)'}`
        }
        aria-live="polite"
      >
        <label htmlFor={selectId} className="sr-only">
          Backend
        </label>
        <select
          id={selectId}
          value={backend.name}
          disabled={training || backendStatus === 'pending' || available.length < 2}
          title={training ? 'Pause or stop the run (or the base build) to switch backend' : 'Switch tfjs backend'}
          onChange={(e) => void initBackend(e.target.value as BackendPreference)}
        >
          {available.map((b) => (
            <option key={b.name} value={b.name}>
              {optionLabel(b)}
            </option>
          ))}
        </select>
        <strong>{backend.name}</strong>
        <span>self-test {backend.selfTestMs.toFixed(2)} ms</span>
        <span data-testid="tf-memory">{memory ? `${memory.numTensors} tensors · ${fmtBytes(memory.numBytes)}` : ''}</span>
        {backend.crossOriginIsolated ? <span>threads ok</span> : null}
      </span>
      {backend.name === 'webgpu' && software ? (
        <span className="badge badge-error" role="alert" data-testid="software-webgpu-warning">
          WebGPU here runs on a software adapter ({software}), not a GPU: one training step of the default run takes about a
          minute (WASM: well under a second). Switch to wasm unless you are testing WebGPU itself.
        </span>
      ) : null}
      {backend.fellBackFrom ? (
        <span className="badge badge-error" role="status">
          {backend.fellBackFrom} failed its self-test here; using {backend.name}
        </span>
      ) : null}
      {backendError ? (
        <span className="badge badge-error" role="status">
          {backendError}
        </span>
      ) : null}
    </span>
  );
}
