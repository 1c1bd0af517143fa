import { describe, expect, it } from 'vitest';
import { ERROR_CODES, MewmError, errorCodeOf, errorKindOf, isErrorCode, isInputError } from '../src/index.ts';

describe('MewmError', () => {
  it('carries its stable code, the kind of that code and the subclass name', () => {
    class ExampleInputError extends MewmError {
      constructor() {
        super('INPUT', 'samples: must be an integer 1..64, got "0"');
      }
    }
    const e = new ExampleInputError();
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('INPUT');
    expect(e.kind).toBe('input');
    expect(e.name).toBe('ExampleInputError');
    expect(e.message).toBe('samples: must be an integer 1..64, got "0"');
  });

  it('keeps the cause', () => {
    const cause = new RangeError('inner');
    expect(new MewmError('MODEL_CARD', 'card', { cause }).cause).toBe(cause);
  });
});

describe('recognising errors by code across module instances and processes', () => {
  it('reads the code of a plain object rebuilt from another process', () => {
    const rebuilt = Object.assign(new Error('protocol: two platinum agents'), { name: 'ProtocolConflictError', code: 'PROTOCOL_CONFLICT' });
    expect(errorCodeOf(rebuilt)).toBe('PROTOCOL_CONFLICT');
    expect(errorKindOf(rebuilt)).toBe('input');
    expect(isInputError(rebuilt)).toBe(true);
  });

  it('tells input errors from model and internal faults', () => {
    expect(isInputError(new MewmError('SURVIVAL_MODEL', 'sha256 mismatch'))).toBe(false);
    expect(errorKindOf(new MewmError('SURVIVAL_MODEL', 'x'))).toBe('model');
    expect(errorKindOf(new MewmError('SESSION_STATE', 'x'))).toBe('internal');
    expect(errorKindOf(new MewmError('USAGE', 'x'))).toBe('usage');
    expect(errorKindOf(new MewmError('INPUT_TOO_LARGE', 'x'))).toBe('too-large');
  });

  it('ignores untyped errors, unknown codes and non-objects', () => {
    expect(errorCodeOf(new Error('plain'))).toBeUndefined();
    expect(errorCodeOf(Object.assign(new Error('fs'), { code: 'ENOENT' }))).toBeUndefined();
    expect(errorCodeOf({ code: 'toString' })).toBeUndefined();
    expect(errorCodeOf('INPUT')).toBeUndefined();
    expect(errorCodeOf(null)).toBeUndefined();
    expect(isInputError(undefined)).toBe(false);
  });

  it('names every code in upper snake case with a known kind', () => {
    const kinds = new Set(['input', 'not-found', 'conflict', 'too-large', 'busy', 'usage', 'model', 'internal']);
    for (const [code, kind] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]{0,39}$/);
      expect(kinds.has(kind)).toBe(true);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('hasOwnProperty')).toBe(false);
  });
});
