/**
 * What a run was computed on, for the manifest. Core only assembles; each host (Node CLI, browser worker)
 * passes what it can see, so nothing here touches `process` or `navigator`.
 */
import * as tf from '@tensorflow/tfjs';
import { name as appName, version as appVersion } from '../../../package.json';
import type { BundleEnvironment } from './types';

export const APP = { name: appName, version: appVersion };

export function captureEnvironment(
  backend: string,
  host: { versions?: Record<string, string>; machine?: Record<string, string | number> } = {},
): BundleEnvironment {
  return {
    backend,
    versions: { [appName]: appVersion, '@tensorflow/tfjs': tf.version.tfjs, ...host.versions },
    machine: { ...host.machine },
  };
}
