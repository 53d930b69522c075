/**
 * A Node environment setting (HBW_BLAS, HBW_BLAS_THREADS, HBW_NATIVE) that is ill-formed or cannot be honoured.
 * The message names the variable, its value and the fix; the CLI reports it as a usage error (exit 2), never as
 * an internal one.
 */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}
