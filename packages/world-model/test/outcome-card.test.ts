import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelCardError } from '../src/errors.ts';
import type { ModelParameter } from '../src/model-parameter.ts';
import {
  DYNAMICS_PARAMETERS, buildDynamicsCard, dynamicsCardJson, loadAppearanceParameters, parameterValue, readDynamicsCard, validateParameterTable,
} from '../src/outcome/index.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot } from '../../../test/support/shared-data.ts';

const CARD_PATH = resolve(repoRoot, 'models', 'dynamics.json');

describe('models/dynamics.json', () => {
  it('equals what the code writes (regenerate with: npx tsx packages/world-model/scripts/write-dynamics-card.ts)', async () => {
    const expected = dynamicsCardJson(buildDynamicsCard(await loadAppearanceParameters()));
    expect(readFileSync(CARD_PATH, 'utf8')).toBe(expected);
  });

  it('names the model, its kind, version, research-use label, HCC parameterisation and limitations', () => {
    const card = JSON.parse(readFileSync(CARD_PATH, 'utf8')) as Record<string, unknown>;
    expect(card).toMatchObject({
      name: 'mewm-dynamics', version: '0.2.0', kind: 'transparent treatment-response model (TypeScript)',
      researchUse: 'research use only, not for clinical use',
    });
    expect(card['intendedUse']).toMatch(/hepatocellular carcinoma/);
    expect(card['intendedUse']).toMatch(/colorectal liver metastases/);
    expect((card['limitations'] as string[]).length).toBeGreaterThanOrEqual(5);
  });

  it('lists every outcome parameter with its value, and each has a citation or an assumed rationale', () => {
    const card = JSON.parse(readFileSync(CARD_PATH, 'utf8')) as { parameters: ModelParameter[]; parameterCounts: { total: number } };
    const byId = new Map(card.parameters.map((p) => [p.id, p]));
    expect(byId.size).toBe(card.parameters.length);
    expect(card.parameterCounts.total).toBe(card.parameters.length);
    for (const p of DYNAMICS_PARAMETERS) expect(byId.get(p.id)?.value).toBe(p.value);
    for (const p of card.parameters) {
      if (p.source.kind === 'published') {
        expect(p.source.citation.length, p.id).toBeGreaterThan(20);
        expect(p.source.detail.length, p.id).toBeGreaterThan(10);
      } else {
        expect(p.source.kind, p.id).toBe('assumed');
        expect(p.source.rationale.length, p.id).toBeGreaterThan(20);
      }
    }
  });

  it('carries the headline published figures with their sources', () => {
    const cite = (id: string) => {
      const p = DYNAMICS_PARAMETERS.find((q) => q.id === id);
      return p?.source.kind === 'published' ? p.source.citation : '';
    };
    expect(parameterValue('tace.conventional.objectiveResponseRate')).toBe(0.677);
    expect(cite('tace.conventional.objectiveResponseRate')).toMatch(/HCC-TACE-Seg.*doi:10\.7937\/TCIA\.5FNA-0924/);
    expect(parameterValue('tace.deb.objectiveResponseRate')).toBe(0.646);
    expect(parameterValue('reference.tace.lipiodolMassiveNecrosisHu')).toBe(365);
    expect(parameterValue('reference.mrecist.responderOsHazardRatio')).toBe(0.39);
    expect(cite('reference.mrecist.responderOsHazardRatio')).toMatch(/Vincenzi.*PLoS One 2015/);
    expect(parameterValue('systemic.lenvatinib.objectiveResponseRate')).toBe(0.241);
    expect(parameterValue('systemic.sorafenib.objectiveResponseRate')).toBe(0.092);
    expect(parameterValue('systemic.atezolizumab-bevacizumab.objectiveResponseRate')).toBe(0.273);
    expect(parameterValue('sbrt.localControlTwoYear')).toBe(0.948);
    expect(cite('sbrt.localControlTwoYear')).toMatch(/Liver Cancer 2024/);
    expect(parameterValue('growth.tvdtMedianDays')).toBe(140);
  });
});

describe('bad input: parameter table and card', () => {
  const good = DYNAMICS_PARAMETERS[0]!;
  it('rejects duplicate ids, including a clash with appearance parameters', () => {
    expect(() => validateParameterTable([good, { ...good }])).toThrow(ModelCardError);
    expect(() => buildDynamicsCard([{ ...good }])).toThrow(/appears twice/);
  });

  it('rejects a published parameter without a citation and an assumed one without a rationale', () => {
    expect(() => validateParameterTable([{ ...good, id: 'x.a', source: { kind: 'published', citation: ' ', detail: 'd' } }])).toThrow(/lacks a citation/);
    expect(() => validateParameterTable([{ ...good, id: 'x.b', source: { kind: 'assumed', rationale: '' } }])).toThrow(/lacks a rationale/);
    expect(() => validateParameterTable([{ ...good, id: 'x.c', value: Number.NaN }])).toThrow(/non-finite/);
    expect(() => validateParameterTable([{ ...good, id: '' }])).toThrow(/empty or malformed/);
  });

  it('readDynamicsCard reads the committed card and rejects missing, foreign or stale cards', () => {
    expect(readDynamicsCard().version).toBe('0.2.0');
    const dir = mkdtempSync(resolve(tmpdir(), 'mewm-card-'));
    expect(() => readDynamicsCard(resolve(dir, 'absent.json'))).toThrow(ModelCardError);
    writeFileSync(resolve(dir, 'other.json'), JSON.stringify({ name: 'other', version: '0.1.0', parameters: [] }));
    expect(() => readDynamicsCard(resolve(dir, 'other.json'))).toThrow(/not mewm-dynamics/);
    const stale = buildDynamicsCard();
    stale.parameters = stale.parameters.map((p) => (p.id === 'tace.conventional.objectiveResponseRate' ? { ...p, value: 0.6 } : p));
    writeFileSync(resolve(dir, 'stale.json'), dynamicsCardJson(stale));
    expect(() => readDynamicsCard(resolve(dir, 'stale.json'))).toThrow(/disagrees with the code on tace.conventional.objectiveResponseRate/);
  });

  it('rejects an unknown parameter id', () => {
    expect(() => parameterValue('tace.magic')).toThrow(ModelCardError);
  });
});
