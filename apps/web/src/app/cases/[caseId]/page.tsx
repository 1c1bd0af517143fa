import { CaseWorkspace } from '../../../components/case-workspace.tsx';

export const dynamic = 'force-dynamic';

export default async function CasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const { caseId } = await params;
  return <CaseWorkspace caseId={caseId} />;
}
