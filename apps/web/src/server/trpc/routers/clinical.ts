/** Clinical data router: the case's clinical covariates (validated by @mewm/survival's schema; null = unknown). */
import 'server-only';
import { clinicalCovariatesSchema } from '@mewm/survival/clinical-covariates';
import { z } from 'zod';
import { getClinical, saveClinical } from '../../services/clinical.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

export const clinicalRouter = router({
  get: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => getClinical(ctx, input.caseId)),
  save: publicProcedure
    .input(z.object({ caseId: caseIdSchema, covariates: clinicalCovariatesSchema }))
    .mutation(({ ctx, input }) => saveClinical(ctx, input.caseId, input.covariates)),
});
