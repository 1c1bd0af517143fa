/**
 * Presets that combine modalities, as lists of single-modality preset names (each defined in its
 * modality's folder); the preset's name is the list joined with '+'. Checked by the registry test:
 * every part exists and every combination passes the protocol rules.
 */
export const COMBINATION_PRESETS: readonly (readonly string[])[] = [
  ['ctace-epirubicin-lipiodol', 'mwa'],
  ['ctace-epirubicin-lipiodol', 'sorafenib'],
  ['ctace-epirubicin-lipiodol', 'sbrt-60gy-3fx'],
];
