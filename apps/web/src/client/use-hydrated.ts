'use client';
/**
 * False in the server-rendered HTML and until React has hydrated this tree in the browser, then true.
 * Controls rendered on the server stay disabled until then, so that a click that comes before the
 * page's JavaScript runs (a slow machine, a busy browser) is not silently lost: the button is visibly
 * inactive instead of looking ready and doing nothing.
 */
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
