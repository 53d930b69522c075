/**
 * What the user was looking at — the open tab, the selected run, the Compare selection — kept in localStorage
 * so a reload shows the same view. Ids of runs deleted since are dropped when they are restored (runs.ts).
 */
import type { TabId } from './ui';

export interface ViewState {
  tab?: TabId;
  currentRunId?: string;
  compareIds?: string[];
}

const KEY = 'hbw:view';

export function loadViewState(): ViewState | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as ViewState;
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined; // unreadable or blocked storage: start with the default view
  }
}

let atLoad: { v: ViewState | undefined } | undefined;
/** The view as saved before this page loaded: read once, before anything of this page's session is saved over it. */
export function initialViewState(): ViewState | undefined {
  return (atLoad ??= { v: loadViewState() }).v;
}

export function saveViewState(v: ViewState): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(v));
  } catch {
    /* storage blocked or full: the view is not kept */
  }
}
