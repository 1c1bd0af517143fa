'use client';
/**
 * The Plan panel's draft per case (policy, the candidates added or typed, samples, seed, renderer), kept
 * in the tab's sessionStorage with the selected job (plan-store.ts): a page reloaded while a plan runs,
 * or before it is started, comes back with the same request and the same job. Protocols and
 * options only; no patient data. Rehydrated after mount (`rehydratePlanDrafts`), so the server-rendered
 * page and the first client render agree.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PlanCandidate } from './plan-candidates.ts';
import { usePlanStore } from './plan-store.ts';

export type PlanPolicy = 'guideline' | 'search' | 'both' | 'user';

export interface PlanDraft {
  policy: PlanPolicy;
  added: PlanCandidate[];
  candidatesText: string;
  samples: number;
  seed: number;
  /** null: the server's default renderer. */
  renderer: string | null;
}

export const DEFAULT_PLAN_DRAFT: PlanDraft = { policy: 'guideline', added: [], candidatesText: '', samples: 2, seed: 1, renderer: null };

interface PlanDraftStore {
  drafts: Record<string, PlanDraft>;
  update: (caseId: string, patch: (draft: PlanDraft) => Partial<PlanDraft>) => void;
}

export const usePlanDraftStore = create<PlanDraftStore>()(persist(
  (set) => ({
    drafts: {},
    update: (caseId, patch) => set((s) => {
      const current = s.drafts[caseId] ?? DEFAULT_PLAN_DRAFT;
      return { drafts: { ...s.drafts, [caseId]: { ...current, ...patch(current) } } };
    }),
  }),
  { name: 'mewm-plan-drafts', version: 1, storage: createJSONStorage(() => sessionStorage), skipHydration: true },
));

/** Load the tab's saved drafts and selected job (call once after mount). */
export async function rehydratePlanDrafts(): Promise<void> {
  await Promise.all([usePlanDraftStore.persist.rehydrate(), usePlanStore.persist.rehydrate()]);
}
