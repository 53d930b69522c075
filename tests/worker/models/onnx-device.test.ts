/** The ONNX device rule (src/worker/models/onnx-device.ts): WebGPU only on a hardware adapter under "auto". */
import { describe, expect, it } from 'vitest';
import { chooseOnnxDevice, isSoftwareAdapter, probeAdapter } from '../../../src/worker/models/onnx-device';

const SWIFTSHADER = { vendor: 'google', architecture: 'swiftshader', description: '' };
const NVIDIA = { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' };

describe('chooseOnnxDevice', () => {
  it('auto: WASM without an adapter or on a software one, WebGPU on a hardware adapter', () => {
    expect(chooseOnnxDevice('auto', null)).toEqual({ device: 'wasm', reason: 'auto: no WebGPU adapter, so WASM' });
    expect(chooseOnnxDevice('auto', SWIFTSHADER)).toEqual({
      device: 'wasm',
      reason: 'auto: the WebGPU adapter is software (google swiftshader), WASM is faster',
    });
    expect(chooseOnnxDevice('auto', { vendor: 'intel', isFallbackAdapter: true }).device).toBe('wasm');
    expect(chooseOnnxDevice('auto', { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).device).toBe('wasm');
    expect(chooseOnnxDevice('auto', NVIDIA)).toEqual({
      device: 'webgpu',
      reason: 'auto: hardware WebGPU adapter (nvidia ampere NVIDIA GeForce RTX 3060)',
    });
  });

  it('an explicit choice is kept; WebGPU without an adapter is an error that says what to choose', () => {
    expect(chooseOnnxDevice('wasm', NVIDIA).device).toBe('wasm');
    expect(chooseOnnxDevice('webgpu', SWIFTSHADER)).toEqual({
      device: 'webgpu',
      reason: 'WebGPU was chosen (google swiftshader, a software adapter: expect WASM to be faster)',
    });
    expect(chooseOnnxDevice('webgpu', NVIDIA).reason).not.toMatch(/software/);
    expect(() => chooseOnnxDevice('webgpu', null)).toThrow(
      'ONNX device "webgpu": this browser context has no WebGPU adapter — choose "auto" or "wasm"',
    );
  });

  it('software adapters are recognised by flag or name', () => {
    expect(isSoftwareAdapter(SWIFTSHADER)).toBe(true);
    expect(isSoftwareAdapter({ description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(isSoftwareAdapter(NVIDIA)).toBe(false);
    expect(isSoftwareAdapter({})).toBe(false);
  });

  it('probeAdapter: null where there is no navigator.gpu (Node)', async () => {
    expect(await probeAdapter()).toBeNull();
  });
});
