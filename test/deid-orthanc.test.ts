/**
 * Our de-identification against Orthanc's (Debian's `orthanc` 1.10, Basic Profile of PS3.15 2021b), on
 * the same real CT slices with planted identifiers: neither output holds a planted identifier, and
 * every attribute where the two act differently (a path, sequence items alike as [*], and what each
 * did: kept, removed, emptied, changed, added) is on the committed, commented list in
 * `test/support/orthanc-deid-differences.ts` — so a change in either de-identifier shows up here.
 * Both run the Basic Profile without options (our `dates: 'remove'`; Orthanc's default anonymization
 * keeps no dates either). Runs where Orthanc is installed; under CI its absence is a failure.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeidContext, deidentifyDicom } from '../packages/dicom/src/deid/index.ts';
import { PLANTED, containsString, plantIdentifiers } from '../packages/dicom/test/deid-fixtures.ts';
import { requireTool } from './support/external-tool.ts';
import { orthancAvailable, startOrthanc, type RunningOrthanc } from './support/orthanc.ts';
import { EXPECTED_DIFFERENCES, type TagClass } from './support/orthanc-deid-differences.ts';
import { sharedData } from './support/shared-data.ts';

const haveOrthanc = requireTool({ name: 'Orthanc', debian: 'orthanc', check: orthancAvailable });

/** Where an attribute of the input went in one output. */
function classify(original: DataSet, output: DataSet): Map<string, TagClass> {
  const out = new Map<string, TagClass>();
  const walk = (a: DataSet | undefined, b: DataSet | undefined, prefix: string) => {
    const keys = new Set([...Object.keys(a?.elements ?? {}), ...Object.keys(b?.elements ?? {})]);
    for (const key of keys) {
      if (key.startsWith('x0002') || key.startsWith('xfffe')) continue; // file meta, item delimiters
      const path = `${prefix}(${key.slice(1, 5).toUpperCase()},${key.slice(5).toUpperCase()})`;
      const ea = a?.elements[key];
      const eb = b?.elements[key];
      if (ea === undefined) out.set(path, 'added');
      else if (eb === undefined) out.set(path, 'removed');
      else if (ea.items !== undefined || eb.items !== undefined) {
        out.set(path, (eb.items ?? []).length === 0 && (ea.items ?? []).length > 0 ? 'emptied' : 'kept');
        const n = Math.max(ea.items?.length ?? 0, eb.items?.length ?? 0);
        for (let i = 0; i < n; i++) walk(ea.items?.[i]?.dataSet, eb.items?.[i]?.dataSet, `${path}[${i}].`);
      } else if (eb.length === 0 && ea.length > 0) out.set(path, 'emptied');
      else out.set(path, sameValue(a!, ea, b!, eb) ? 'kept' : 'changed');
    }
  };
  walk(original, output, '');
  return out;
}

function sameValue(a: DataSet, ea: dicomParser.Element, b: DataSet, eb: dicomParser.Element): boolean {
  const va = Buffer.from(a.byteArray.subarray(ea.dataOffset, ea.dataOffset + ea.length)).toString('latin1').replace(/[\0 ]+$/, '');
  const vb = Buffer.from(b.byteArray.subarray(eb.dataOffset, eb.dataOffset + eb.length)).toString('latin1').replace(/[\0 ]+$/, '');
  return va === vb;
}

describe.skipIf(!haveOrthanc)('de-identification compared with Orthanc 1.10 on planted real CT slices', () => {
  let orthanc: RunningOrthanc;
  const inputs: Uint8Array[] = [];
  beforeAll(async () => {
    orthanc = await startOrthanc();
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const names = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().slice(20, 23);
    for (const name of names) {
      inputs.push(plantIdentifiers(new Uint8Array(readFileSync(join(dir, name))), {
        neutralStructures: true,
        extra: [[0x00080055, 'AE', 'CTSCANNER7'], [0x00080012, 'DA', '20190412'], [0x00080013, 'TM', '101530']],
      }));
    }
  }, 120_000);
  afterAll(async () => orthanc?.stop());

  it('answers loopback clients only (it has no bind-address option)', async () => {
    const own = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (own === undefined) return; // no non-loopback interface to try from
    const status = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${own}:${orthanc.port}/system`], { encoding: 'utf8' });
    expect(['401', '403']).toContain(status); // refused: remote access is not allowed
  });

  it('neither output holds a planted identifier, and every difference is on the committed list', async () => {
    const secrets: string[] = Object.values(PLANTED);
    const seen = new Map<string, string>();
    for (const input of inputs) {
      const ours = deidentifyDicom(input, createDeidContext({ dates: 'remove' }), 'slice').bytes;
      const theirs = await orthanc.anonymize(await orthanc.store(input), { DicomVersion: '2021b', Force: true });
      expect(secrets.filter((s) => containsString(ours, s))).toEqual([]);
      expect(secrets.filter((s) => containsString(theirs, s))).toEqual([]);
      const original = dicomParser.parseDicom(input);
      const a = classify(original, dicomParser.parseDicom(ours));
      const b = classify(original, dicomParser.parseDicom(theirs));
      for (const path of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(path) ?? 'absent';
        const y = b.get(path) ?? 'absent';
        if (x !== y) seen.set(path.replace(/\[\d+\]/g, '[*]'), `${x} / ${y}`); // items of a sequence alike
      }
    }
    const expected = new Map(Object.entries(EXPECTED_DIFFERENCES).map(([path, d]) => [path, `${d.ours} / ${d.orthanc}`]));
    expect(Object.fromEntries([...seen].sort())).toEqual(Object.fromEntries([...expected].sort()));
  }, 120_000);
});
