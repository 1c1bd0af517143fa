'use client';
/**
 * Which plan job the Results panel shows, for the case the tab has open; kept in the tab's
 * sessionStorage (rehydrated with the plan drafts, plan-draft-store.ts) so that a reloaded page shows
 * the same job. `enterCase` forgets a selection made in another case.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface PlanStore {
  caseId: string | null;
  selectedJobId: string | null;
  selectJob: (jobId: string | null) => void;
  enterCase: (caseId: string) => void;
}

export const usePlanStore = create<PlanStore>()(persist(
  (set) => ({
    caseId: null,
    selectedJobId: null,
    selectJob: (selectedJobId) => set({ selectedJobId }),
    enterCase: (caseId) => set((s) => (s.caseId === caseId ? {} : { caseId, selectedJobId: null })),
  }),
  { name: 'mewm-plan-selection', version: 1, storage: createJSONStorage(() => sessionStorage), skipHydration: true },
));
