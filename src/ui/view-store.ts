import { create } from 'zustand';
import { getPreset, type PresetSize } from '../core/presets';
import { draftFromConfig, validateDraft, type Draft, type StageDraft, type Validation } from './form/draft';
import { MAX_RUNS_SHOWN, PAGE_KEYS, encodeUrlState, parseUrlState, type ClassroomSettings, type UrlState, type ViewId, type ViewSettings } from './url-state';

/**
 * The page's visible state: which view, the Experiment form's draft, the runs on show, the
 * classroom's sliders, the inspector's selection and the hidden controls. It is exactly what the
 * URL encodes (url-state.ts), and every change is written back to the URL, so a copied link
 * reproduces the page.
 */
interface ViewStore extends UrlState {
  /** Problems with the link the page was opened with (shown once, above the panels). */
  urlProblems: string[];
  validation: Validation;
  setView(view: ViewId): void;
  patchView(patch: Partial<ViewSettings>): void;
  patchClassroom(patch: Partial<ClassroomSettings>): void;
  patchInspect(patch: Partial<ViewSettings['inspect']>): void;
  setValue(path: string, value: string | boolean): void;
  setStages(stages: StageDraft[]): void;
  setDraft(draft: Draft): void;
  /** Loads a preset arm's config into the form. */
  loadPresetArm(presetId: string, size: PresetSize, armLabel: string): void;
  toggleRun(runId: string, on?: boolean): void;
  dismissUrlProblems(): void;
}

function initial(): UrlState & { urlProblems: string[] } {
  if (typeof window === 'undefined') {
    const { state } = parseUrlState('');
    return { ...state, urlProblems: [] };
  }
  const { state, problems } = parseUrlState(window.location.search);
  return { ...state, urlProblems: problems };
}


export const useView = create<ViewStore>()((set, get) => {
  const init = initial();
  return {
    ...init,
    validation: validateDraft(init.draft),
    setView: (view) => set((s) => ({ view: { ...s.view, view } })),
    patchView: (patch) => set((s) => ({ view: { ...s.view, ...patch } })),
    patchClassroom: (patch) => set((s) => ({ view: { ...s.view, classroom: { ...s.view.classroom, ...patch } } })),
    patchInspect: (patch) => set((s) => ({ view: { ...s.view, inspect: { ...s.view.inspect, ...patch } } })),
    setValue: (path, value) => {
      const draft = { ...get().draft, values: { ...get().draft.values, [path]: value } };
      set({ draft, validation: validateDraft(draft) });
    },
    setStages: (stages) => {
      const draft = { ...get().draft, stages };
      set({ draft, validation: validateDraft(draft) });
    },
    setDraft: (draft) => set({ draft, validation: validateDraft(draft) }),
    loadPresetArm: (presetId, size, armLabel) => {
      const arm = getPreset(presetId, size).arms.find((a) => a.label === armLabel);
      if (!arm?.config) return;
      const draft = draftFromConfig(arm.config);
      set((s) => ({ draft, validation: validateDraft(draft), view: { ...s.view, preset: presetId, size } }));
    },
    toggleRun: (runId, on) =>
      set((s) => {
        const has = s.view.runs.includes(runId);
        const want = on ?? !has;
        if (want === has) return {};
        const runs = want ? [...s.view.runs, runId].slice(-MAX_RUNS_SHOWN) : s.view.runs.filter((r) => r !== runId);
        return { view: { ...s.view, runs } };
      }),
    dismissUrlProblems: () => set({ urlProblems: [] }),
  };
});

/** The current page as a query string (what "Copy link" copies). */
export function currentQuery(state: UrlState = useView.getState()): string {
  const keep: Record<string, string> = {};
  if (typeof window !== 'undefined') {
    const q = new URLSearchParams(window.location.search);
    for (const k of PAGE_KEYS) {
      const v = q.get(k);
      if (v !== null) keep[k] = v;
    }
  }
  return encodeUrlState(state, keep);
}

/** Mirrors the store to the address bar (replaceState, so Back is not flooded). Returns an unsubscribe. */
export function syncUrl(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = window.location.search.replace(/^\?/, '');
  const write = () => {
    timer = null;
    const query = currentQuery();
    if (query === last) return;
    last = query;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  };
  const unsub = useView.subscribe((s, prev) => {
    if (s.view === prev.view && s.draft === prev.draft && s.hidden === prev.hidden) return;
    if (timer === null) timer = setTimeout(write, 150);
  });
  return () => {
    unsub();
    if (timer !== null) clearTimeout(timer);
  };
}

export function useHidden(key: string): boolean {
  return useView((s) => s.hidden.includes(key));
}
