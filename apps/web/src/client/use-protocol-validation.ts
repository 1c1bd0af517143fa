'use client';
/**
 * Live protocol validation: what the user is editing, sent (after a pause in typing) to
 * plans.validateProtocol, which answers with the world model's verdict — the canonical protocol or
 * every problem naming its field. `current` is false while the answer shown is for older input.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.ts';
import { useDebounced } from './use-debounced.ts';
import type { ProtocolValidation } from './protocol-draft.ts';

export type ProtocolSpec = { kind: 'text'; text: string } | { kind: 'protocol'; protocol: unknown };

const DEBOUNCE_MS = 300;

export interface LiveValidation {
  result: ProtocolValidation | undefined;
  /** The result is for exactly the input now in the editor. */
  current: boolean;
  /** The request failed (network, server); not a verdict on the protocol. */
  error: string | null;
}

export function useProtocolValidation(spec: ProtocolSpec): LiveValidation {
  const trpc = useTRPC();
  const key = JSON.stringify(spec);
  const settledKey = useDebounced(key, DEBOUNCE_MS);
  const query = useQuery({
    ...trpc.plans.validateProtocol.queryOptions(JSON.parse(settledKey) as ProtocolSpec),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  return {
    result: query.data,
    current: settledKey === key && !query.isPlaceholderData && !query.isFetching,
    error: query.error?.message ?? null,
  };
}

export interface TextEntryValidation {
  text: string;
  result: ProtocolValidation | undefined;
}

/** Comma- or line-separated entries (preset names, 'a+b'), each validated as text. */
export function splitCandidateText(text: string): string[] {
  return text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function useTextEntriesValidation(text: string): { entries: TextEntryValidation[]; current: boolean } {
  const trpc = useTRPC();
  const settled = useDebounced(text, DEBOUNCE_MS);
  const entries = splitCandidateText(settled);
  const results = useQueries({
    queries: entries.map((e) => ({ ...trpc.plans.validateProtocol.queryOptions({ kind: 'text', text: e }), staleTime: Infinity, retry: false })),
  });
  return {
    entries: entries.map((e, i) => ({ text: e, result: results[i]?.data })),
    current: settled === text && results.every((r) => r.data !== undefined),
  };
}
