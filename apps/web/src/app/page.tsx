import { CaseList } from '../components/case-list.tsx';

export const dynamic = 'force-dynamic';

export default function CasesPage() {
  return <CaseList />;
}
