/** The label every page carries. */
export const RESEARCH_USE_TEXT = 'research use only, not for clinical use';

export function ResearchUseNotice() {
  return (
    <p className="research-use" role="note" data-testid="research-use">
      MeWM — {RESEARCH_USE_TEXT}
    </p>
  );
}
