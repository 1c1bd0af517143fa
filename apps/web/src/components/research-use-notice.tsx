import { RESEARCH_USE_LABEL } from '@mewm/contracts';

/** The label every page carries (@mewm/contracts). */
export function ResearchUseNotice() {
  return (
    <p className="research-use" role="note" data-testid="research-use">
      MeWM — {RESEARCH_USE_LABEL}
    </p>
  );
}
