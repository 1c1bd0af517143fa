/**
 * Reference GLCM features from skimage (Debian's python3-skimage, installed by .ci/run) for the
 * renderer-evaluation tests. Input (argv[1], JSON): { w, h, levels } with levels 0..31 inside the
 * region and 32 outside; the 33-level matrix is cut to 32×32, which keeps exactly the pairs with both
 * pixels in the region. Angles 0, π/4, π/2, 3π/4 at distance 1, symmetric, pooled over angles.
 */
export const SKIMAGE_GLCM = `
import json, sys, numpy as np
from skimage.feature import graycomatrix, graycoprops
a = json.loads(sys.argv[1])
img = np.array(a['levels'], dtype=np.uint8).reshape(a['h'], a['w'])
P = graycomatrix(img, [1], [0, np.pi / 4, np.pi / 2, 3 * np.pi / 4], levels=33, symmetric=True, normed=False)
P = P[:32, :32, :, :].sum(axis=3, keepdims=True).astype(np.float64)
out = {p: float(graycoprops(P, p)[0, 0]) for p in ['contrast', 'dissimilarity', 'homogeneity', 'energy', 'correlation']}
Pn = P[:, :, 0, 0] / P.sum()
out['entropy'] = float(-np.sum(Pn[Pn > 0] * np.log(Pn[Pn > 0])))
print(json.dumps(out))
`;
