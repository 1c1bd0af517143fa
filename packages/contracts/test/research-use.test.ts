import { describe, expect, it } from 'vitest';
import { carriesResearchUseLabel, RESEARCH_USE_LABEL, RESEARCH_USE_SENTENCE } from '../src/index.ts';

describe('the research-use label', () => {
  it('is the exact text every output carries, in either case', () => {
    expect(RESEARCH_USE_LABEL).toBe('research use only, not for clinical use');
    expect(carriesResearchUseLabel(RESEARCH_USE_SENTENCE)).toBe(true);
    expect(carriesResearchUseLabel('MeWM plan report - RESEARCH USE ONLY, NOT FOR CLINICAL USE')).toBe(true);
  });

  it('is not found in text that only resembles it', () => {
    expect(carriesResearchUseLabel('research use only')).toBe(false);
    expect(carriesResearchUseLabel('for clinical use')).toBe(false);
  });
});
