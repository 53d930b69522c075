/**
 * Which ONNX Runtime device runs a frozen transformers.js model in the browser: WebGPU on a real GPU,
 * WASM otherwise — a software WebGPU adapter (SwiftShader in headless Chromium, llvmpipe) is much slower than
 * WASM (see DESIGN.md: 141 ms vs 2.5 ms for a 256² matmul here), and no adapter means no choice.
 * `chooseOnnxDevice` is the pure rule; `probeAdapter` reads the facts in a window or worker.
 */
export type OnnxDevicePref = 'auto' | 'wasm' | 'webgpu';
export type OnnxDevice = 'wasm' | 'webgpu';

/** What the WebGPU adapter says about itself (GPUAdapterInfo + isFallbackAdapter); null: no adapter. */
export interface AdapterFacts {
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
}

export interface OnnxDeviceChoice {
  device: OnnxDevice;
  reason: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

/** A human label of the adapter, e.g. "google swiftshader". */
export function adapterLabel(a: AdapterFacts): string {
  return [a.vendor, a.architecture, a.device, a.description].filter((x) => x && x.trim()).join(' ') || 'unnamed adapter';
}

export function isSoftwareAdapter(a: AdapterFacts): boolean {
  return a.isFallbackAdapter === true || SOFTWARE.test(adapterLabel(a));
}

/** The device for `pref` given the adapter (null = none). Throws when WebGPU is asked for and there is none. */
export function chooseOnnxDevice(pref: OnnxDevicePref, adapter: AdapterFacts | null): OnnxDeviceChoice {
  if (pref === 'wasm') return { device: 'wasm', reason: 'WASM was chosen' };
  if (pref === 'webgpu') {
    if (!adapter) throw new Error('ONNX device "webgpu": this browser context has no WebGPU adapter — choose "auto" or "wasm"');
    return {
      device: 'webgpu',
      reason: `WebGPU was chosen (${adapterLabel(adapter)}${isSoftwareAdapter(adapter) ? ', a software adapter: expect WASM to be faster' : ''})`,
    };
  }
  if (!adapter) return { device: 'wasm', reason: 'auto: no WebGPU adapter, so WASM' };
  if (isSoftwareAdapter(adapter))
    return { device: 'wasm', reason: `auto: the WebGPU adapter is software (${adapterLabel(adapter)}), WASM is faster` };
  return { device: 'webgpu', reason: `auto: hardware WebGPU adapter (${adapterLabel(adapter)})` };
}

interface GpuLike {
  requestAdapter(): Promise<(AdapterFacts & { info?: AdapterFacts }) | null>;
}

/** The adapter's facts in this context (window or worker), or null when there is no WebGPU adapter. */
export async function probeAdapter(): Promise<AdapterFacts | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const a = await gpu.requestAdapter();
    if (!a) return null;
    const info = a.info ?? {};
    return {
      isFallbackAdapter: a.isFallbackAdapter ?? info.isFallbackAdapter,
      vendor: info.vendor,
      architecture: info.architecture,
      description: info.description,
      device: info.device,
    };
  } catch {
    return null;
  }
}
