import { measureResponse } from '../src/index.ts';
import { drawCt, lesionMask, SCENES } from './support/measureScene.ts';
const pre = drawCt(SCENES.baseline, 1);
const mask = lesionMask();
for (const [name, scene] of Object.entries(SCENES)) {
  const post = drawCt(scene, 2);
  const r = measureResponse(pre, post, mask);
  const p = r.patient;
  console.log(name.padEnd(10), p.mrecist, p.recist.category, p.easl.category, p.liradsTr, 'viable', p.viableVolumeMl.toFixed(2), '/', p.baselineVolumeMl.toFixed(2), 'sumV', p.sumViableDiameterMm.toFixed(1), '/', p.sumBaselineDiameterMm.toFixed(1), 'lip', p.lipiodolCoverage.toFixed(2), 'abl', p.ablationZoneVolumeMl.toFixed(1), 'cav', p.resectionCavityVolumeMl.toFixed(1), 'new', p.newLesionCount, p.equivocalNewLesionCount, r.timingsMs.total.toFixed(0), 'ms', JSON.stringify(r.reference), r.warnings);
}
