/**
 * Resolve the Basic Profile's combined action codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) to one action.
 *
 * PS3.15 E.1.1: X/Z means "X unless Z is required to keep the IOD conformant (Type 3 versus Type 2)",
 * X/D "X unless D is required (Type 3 versus Type 1)", and so on. We apply the strictest action the
 * attribute's Type allows: Type 3 → X, Type 2 → Z, Type 1 → D (U for X/Z/U* reference sequences).
 *
 * Types come from the image IODs this project ingests (CT Image, PS3.3 A.3, and MR Image, A.4, which
 * agree for every attribute below). Attributes not listed are Type 3 (optional) in those IODs, so the
 * combined codes resolve to X for them.
 */
import type { BasicProfileCode } from './basic-profile-table.ts';

export type ResolvedAction = 'X' | 'Z' | 'D' | 'U';
export type AttributeType = 1 | 2 | 3;

/** Types (PS3.3) of the combined-code attributes that are not Type 3 in the CT and MR Image IODs. */
export const IMAGE_IOD_ATTRIBUTE_TYPES: ReadonlyMap<number, AttributeType> = new Map<number, AttributeType>([
  [0x00080023, 2], // ContentDate: General Image module, Type 2C (required for temporally related series)
  [0x00080033, 2], // ContentTime: General Image module, Type 2C
  [0x00180010, 2], // ContrastBolusAgent: Contrast/Bolus module, Type 2
]);

/** Type of an attribute in the ingested image IODs (3 when not listed). */
export function attributeTypeInImageIod(tag: number): AttributeType {
  return IMAGE_IOD_ATTRIBUTE_TYPES.get(tag) ?? 3;
}

/**
 * One action for a Basic Profile code, given the attribute's Type in the IOD.
 * @param code the Basic Profile column of Table E.1-1
 * @param type 1, 2 or 3 as in PS3.3
 */
export function resolveBasicProfileAction(code: BasicProfileCode, type: AttributeType): ResolvedAction {
  switch (code) {
    case 'X':
    case 'Z':
    case 'D':
    case 'U':
      return code;
    case 'X/Z':
      return type === 3 ? 'X' : 'Z';
    case 'X/D':
      return type === 3 ? 'X' : 'D';
    case 'Z/D':
      return type === 1 ? 'D' : 'Z';
    case 'X/Z/D':
      return type === 3 ? 'X' : type === 2 ? 'Z' : 'D';
    case 'X/Z/U*':
      return type === 3 ? 'X' : type === 2 ? 'Z' : 'U';
  }
}
