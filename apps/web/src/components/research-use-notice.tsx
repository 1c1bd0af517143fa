import { RESEARCH_USE_LABEL } from '@mewm/contracts';

/** The label every page carries. */
export const RESEARCH_USE_TEXT = RESEARCH_USE_LABEL;

export function ResearchUseNotice() {
  return (
    <p className="research-use" role="note" data-testid="research-use">
      MeWM — {RESEARCH_USE_TEXT}
    </p>
  );
}
