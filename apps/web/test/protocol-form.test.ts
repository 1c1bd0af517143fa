/**
 * The custom protocol editor's form, rendered from the modality registry's form-field descriptors:
 * every registered modality renders its fields (TARE's microspheres, delivery and dose included, with
 * the range in the label), a new component turns into a protocol the world model accepts, and a
 * validated protocol goes back into the same form state. Server-rendered markup, no browser.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MODALITY_IDS } from '@mewm/world-model/protocol';
import { draftToInput, newComponent, protocolToDraft, type ProtocolVocabulary } from '../src/client/protocol-draft.ts';
import { ProtocolComponentFields } from '../src/components/protocol-component-fields.tsx';
import { protocolVocabulary, validateProtocolSpec } from '../src/server/services/plan-protocols.ts';

const vocabulary = protocolVocabulary() as unknown as ProtocolVocabulary;

function render(modality: string): string {
  const component = newComponent(modality as ProtocolVocabulary['modalities'][number]['id'], vocabulary);
  return renderToStaticMarkup(createElement(ProtocolComponentFields, {
    index: 0, component, vocabulary, problems: [], onChange: () => undefined, onRemove: () => undefined,
  }));
}

describe('protocol form from the modality registry', () => {
  it('renders every field of every registered modality', () => {
    expect(vocabulary.modalities.map((m) => m.id)).toEqual([...MODALITY_IDS]);
    for (const m of vocabulary.modalities) {
      const html = render(m.id);
      expect(html, m.id).toContain(`data-modality="${m.id}"`);
      expect(html, m.id).toContain(m.label);
      for (const f of m.fields) {
        if (f.kind === 'hint') expect(html, m.id).toContain(f.text.replace(/&/g, '&amp;'));
        else expect(html, `${m.id}.${f.name}`).toContain(`data-testid="protocol-component-0-${f.testId}"`);
      }
    }
  });

  it('renders TARE\'s microspheres, delivery and dose fields with their choices and range', () => {
    const html = render('tare');
    expect(html).toContain('TARE (Y-90 radioembolisation)');
    expect(html).toContain('data-testid="protocol-component-0-microspheres"');
    expect(html).toMatch(/<option value="glass" selected="">glass microspheres<\/option><option value="resin">resin microspheres<\/option>/);
    expect(html).toContain('data-testid="protocol-component-0-delivery"');
    expect(html).toContain('<option value="lobar">lobar</option>');
    expect(html).toContain('dose to the perfused volume (Gy, 25–1000, optional)');
    expect(html).toContain('min="25" max="1000"');
  });

  it('keeps the existing form of TACE, ablation and SBRT (same fields and test ids)', () => {
    expect(render('tace')).toMatch(/protocol-component-0-technique.*protocol-component-0-drugs.*protocol-component-0-embolics/s);
    expect(render('ablation')).toMatch(/margin \(mm, 0–20\).*value="5".*ablation zone diameter \(mm, 10–80, optional\).*protocol-component-0-zone/s);
    expect(render('sbrt')).toContain('dose per fraction 5–30 Gy');
    expect(render('best-supportive-care')).toContain('no anticancer treatment');
  });

  it('turns a new TARE component into a protocol the world model accepts, and back', () => {
    const draft = { components: [newComponent('tare', vocabulary)], followUpDays: '' };
    const input = draftToInput(draft);
    expect(input).toEqual({ components: [{ modality: 'tare', microspheres: 'glass', delivery: 'segmental' }] });
    const checked = validateProtocolSpec({ kind: 'protocol', protocol: input });
    expect(checked).toMatchObject({ ok: true, description: 'TARE Y-90 (glass microspheres, segmental), follow-up 90 days', key: 'p1|fu=90|tare:glass:segmental' });
    if (!checked.ok) return;
    expect(protocolToDraft(checked.protocol, vocabulary)).toEqual({ ...draft, followUpDays: '90' });
  });

  it('keeps an ablation preset\'s applicator through the form, and a new ablation has none (zone = lesion + margin)', () => {
    expect(render('ablation')).toContain('protocol-component-0-applicator');
    expect(render('ablation')).toContain('RFA, cool-tip needle, 12 min');
    expect(draftToInput({ components: [newComponent('ablation', vocabulary)], followUpDays: '' }))
      .toEqual({ components: [{ modality: 'ablation', technique: 'rfa', marginMm: 5 }] });
    const mwa = validateProtocolSpec({ kind: 'text', text: 'mwa' });
    expect(mwa.ok).toBe(true);
    if (!mwa.ok) return;
    const input = draftToInput(protocolToDraft(mwa.protocol, vocabulary));
    expect(input.components).toEqual([{ modality: 'ablation', technique: 'mwa', marginMm: 5, applicator: 'mwa-perfusion-80w-5min' }]);
    // an applicator of the other technique is a problem on the applicator field
    const wrong = validateProtocolSpec({ kind: 'protocol', protocol: { components: [{ modality: 'ablation', technique: 'rfa', applicator: 'mwa-perfusion-80w-5min' }] } });
    expect(wrong.ok ? [] : wrong.problems.map((p) => p.field)).toEqual(['components[0].applicator']);
  });

  it('passes a half-typed number on as text, so the validator names the field', () => {
    const c = newComponent('tare', vocabulary);
    const draft = { components: [{ ...c, values: { ...c.values, perfusedDoseGy: { kind: 'number' as const, text: '12o' } } }], followUpDays: '' };
    const checked = validateProtocolSpec({ kind: 'protocol', protocol: draftToInput(draft) });
    expect(checked.ok ? [] : checked.problems.map((p) => p.field)).toEqual(['components[0].perfusedDoseGy']);
  });
});
