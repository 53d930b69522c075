import { useEffect } from 'react';
import { useApp } from '../store';
import { fmtBytes } from '../format';

/** Header badge: the tfjs backend the self-test picked, its time, and tensor memory. */
export function BackendBadge() {
  const { backend, backendStatus, backendError, memory, refreshMemory } = useApp();
  useEffect(() => {
    if (backendStatus !== 'ready') return;
    const t = setInterval(() => void refreshMemory(), 5000);
    return () => clearInterval(t);
  }, [backendStatus, refreshMemory]);

  if (backendStatus === 'error') {
    return <span className="badge badge-error" data-testid="backend-badge" title={backendError}>backend: failed</span>;
  }
  if (!backend) {
    return <span className="badge badge-pending" data-testid="backend-badge" aria-live="polite">backend: self-testing…</span>;
  }
  const tried = backend.tried.map((t) => `${t.name}: ${t.ok ? `${t.ms?.toFixed(2)} ms` : t.error}`).join('\n');
  return (
    <span
      className="badge badge-ok"
      data-testid="backend-badge"
      data-backend={backend.name}
      data-selftest-ms={backend.selfTestMs}
      title={`Self-test (128×128 matmul, median of 5):\n${tried}\ncross-origin isolated: ${backend.crossOriginIsolated ? 'yes' : 'no'}`}
      aria-live="polite"
    >
      <strong>{backend.name}</strong>
      <span>self-test {backend.selfTestMs.toFixed(2)} ms</span>
      <span>{memory ? `${memory.numTensors} tensors · ${fmtBytes(memory.numBytes)}` : ''}</span>
      {backend.crossOriginIsolated ? <span>threads ok</span> : null}
    </span>
  );
}
