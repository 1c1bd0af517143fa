'use client';
/** Which plan job the Results panel shows (per browser tab). */
import { create } from 'zustand';

interface PlanStore {
  selectedJobId: string | null;
  selectJob: (jobId: string | null) => void;
}

export const usePlanStore = create<PlanStore>((set) => ({
  selectedJobId: null,
  selectJob: (selectedJobId) => set({ selectedJobId }),
}));
