/**
 * Layouts of the compare grid: how many tiles show at once and which. '1x1', '1x2' and '2x2' page
 * through the tiles (pre-treatment first, then the candidates in rank order); 'all' shows every tile;
 * 'baseline' pins the pre-treatment CT beside one chosen candidate.
 */
export const COMPARE_LAYOUTS = ['all', '1x1', '1x2', '2x2', 'baseline'] as const;
export type CompareLayout = (typeof COMPARE_LAYOUTS)[number];

export const COMPARE_LAYOUT_LABELS: Record<CompareLayout, string> = {
  all: 'All', '1x1': '1×1', '1x2': '1×2', '2x2': '2×2', baseline: 'Baseline + one',
};

const PAGE_SIZE: Partial<Record<CompareLayout, number>> = { '1x1': 1, '1x2': 2, '2x2': 4 };

export interface CompareLayoutView<K> {
  /** The tiles shown, in order. */
  shown: K[];
  /** The page shown (0-based, clamped) and the number of pages (1 unless paged). */
  page: number;
  pageCount: number;
  /** CSS grid columns. */
  columns: number;
}

/**
 * The tiles a layout shows. `keys[0]` is the pre-treatment CT; `pinned` is the candidate shown beside it
 * in the 'baseline' layout (the first candidate when absent or unknown).
 */
export function layoutTiles<K>(keys: readonly K[], layout: CompareLayout, page: number, pinned?: K): CompareLayoutView<K> {
  if (keys.length === 0) return { shown: [], page: 0, pageCount: 1, columns: 1 };
  if (layout === 'baseline') {
    const candidate = pinned !== undefined && keys.indexOf(pinned) > 0 ? pinned : keys[1];
    return { shown: candidate === undefined ? [keys[0]!] : [keys[0]!, candidate], page: 0, pageCount: 1, columns: 2 };
  }
  const size = PAGE_SIZE[layout];
  if (size === undefined) return { shown: [...keys], page: 0, pageCount: 1, columns: Math.min(keys.length, 4) };
  const pageCount = Math.ceil(keys.length / size);
  const p = Math.min(Math.max(0, Math.trunc(page)), pageCount - 1);
  return { shown: keys.slice(p * size, p * size + size), page: p, pageCount, columns: size === 1 ? 1 : 2 };
}
