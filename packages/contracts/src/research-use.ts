/**
 * The research-use label. Every simulated volume, score, report and model card carries it; tests
 * and the model-card schemas check for this exact text (case-insensitive), so it is stated once.
 */
export const RESEARCH_USE_LABEL = 'research use only, not for clinical use';

/** The label as a sentence, for page footers and notices. */
export const RESEARCH_USE_SENTENCE = 'Research use only, not for clinical use.';

/** True when `text` carries the research-use label (any case). */
export function carriesResearchUseLabel(text: string): boolean {
  return text.toLowerCase().includes(RESEARCH_USE_LABEL);
}
