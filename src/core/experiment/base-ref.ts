/**
 * References to the model an experiment starts from (`baseCheckpoint`), resolved by each host:
 *
 *   shipped:<name>          a model shipped with the app in the repository's models/<name>/ folder
 *                           (CLI: <repo>/models/<name>; browser: <app>/models/<name>/ over HTTP)
 *   idb:bases/<id>          a base built in the browser (IndexedDB; browser only)
 *   idb:checkpoints/<run>   the checkpoint of a browser run (IndexedDB; browser only)
 *   anything else           a model folder path (CLI only)
 *
 * The symbolic `shipped:` form keeps one default config valid in both hosts and in links.
 */

export const SHIPPED_PREFIX = 'shipped:';
/** The lexicon-pretrained tiny BERT for the demo (models/demo-base, made by scripts/make-models.sh). */
export const DEMO_BASE_REF = 'shipped:demo-base';
export const BASE_KEY_PREFIX = 'idb:bases/';

const SHIPPED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The shipped model's folder name, or undefined when `ref` is not a `shipped:` reference. */
export function shippedName(ref: string): string | undefined {
  return ref.startsWith(SHIPPED_PREFIX) ? ref.slice(SHIPPED_PREFIX.length) : undefined;
}

/** Why a `shipped:` reference is malformed, or undefined when it is fine (or not a shipped reference). */
export function shippedRefProblem(ref: string): string | undefined {
  const name = shippedName(ref);
  if (name === undefined) return undefined;
  return SHIPPED_NAME.test(name)
    ? undefined
    : `"${ref}" is not a shipped model name (letters, digits, ".", "_", "-"; no slashes)`;
}

export const baseKey = (id: string): string => `${BASE_KEY_PREFIX}${id}`;
export const baseIdOfKey = (key: string): string | undefined =>
  key.startsWith(BASE_KEY_PREFIX) ? key.slice(BASE_KEY_PREFIX.length) || undefined : undefined;
