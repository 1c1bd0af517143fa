/**
 * Worker for the robustness suites: loads one input (a file, or a seeded mutation of a base file)
 * through parseDicom → decodeFramePixels(frame 0) and, for fuzz cases with companions,
 * groupSeries → assembleVolume; replies with how it ended. Running in a worker lets the test
 * enforce a per-case time limit even on a synchronous infinite loop.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { assembleVolume, decodeFramePixels, groupSeries, parseDicom } from '../src/dicom/index.ts';
import type { DicomInstance } from '../src/dicom/index.ts';
import { MewmError } from '@mewm/contracts';
import { caseSeed, findLengthFields, mulberry32, mutate } from './robustness-mutations.ts';

/** One case: a file as is, or case `index` of the seeded mutations of `base`. */
export type WorkerCase =
  | { type: 'file'; path: string; label: string }
  | { type: 'fuzz'; base: string; companions: string[]; suiteSeed: number; index: number };
export type WorkerRequest = WorkerCase & { id: number };

export interface WorkerReply {
  id: number;
  outcome: 'loaded' | 'mewm' | 'other';
  /** MewmError code, or the constructor name of anything else. */
  code: string;
  message: string;
  stack?: string;
  detail?: string;
  decoded: boolean;
}

const bases = new Map<string, { bytes: Uint8Array; fields: ReturnType<typeof findLengthFields> }>();
const companions = new Map<string, DicomInstance>();

function base(path: string): { bytes: Uint8Array; fields: ReturnType<typeof findLengthFields> } {
  let b = bases.get(path);
  if (!b) {
    const bytes = new Uint8Array(readFileSync(path));
    b = { bytes, fields: findLengthFields(bytes) };
    bases.set(path, b);
  }
  return b;
}

function companion(path: string): DicomInstance {
  let c = companions.get(path);
  if (!c) {
    c = parseDicom(new Uint8Array(readFileSync(path)), 'companion');
    companions.set(path, c);
  }
  return c;
}

async function load(bytes: Uint8Array, label: string, others: string[]): Promise<boolean> {
  const inst = parseDicom(bytes, label);
  let decoded = false;
  if (inst.hasPixelData) {
    await decodeFramePixels(inst, 0);
    decoded = true;
  }
  if (others.length > 0) {
    for (const group of groupSeries([inst, ...others.map(companion)])) {
      if (group.kind === 'image') await assembleVolume(group);
    }
  }
  return decoded;
}

parentPort?.on('message', (req: WorkerRequest) => {
  void (async () => {
    let detail: string | undefined;
    try {
      let decoded: boolean;
      if (req.type === 'file') {
        decoded = await load(new Uint8Array(readFileSync(req.path)), req.label, []);
      } else {
        const b = base(req.base);
        const m = mutate(b.bytes, mulberry32(caseSeed(req.suiteSeed, req.index)), b.fields);
        detail = `${m.kind}: ${m.detail}`;
        decoded = await load(m.bytes, 'fuzz-case', req.companions);
      }
      parentPort?.postMessage({ id: req.id, outcome: 'loaded', code: '', message: '', decoded, detail } satisfies WorkerReply);
    } catch (e) {
      const reply: WorkerReply = e instanceof MewmError
        ? { id: req.id, outcome: 'mewm', code: e.code, message: e.message, decoded: false, detail }
        : {
            id: req.id,
            outcome: 'other',
            code: e instanceof Error ? e.constructor.name : typeof e,
            message: e instanceof Error ? e.message : String(e).slice(0, 300),
            stack: e instanceof Error ? e.stack : undefined,
            decoded: false,
            detail,
          };
      parentPort?.postMessage(reply);
    }
  })();
});
