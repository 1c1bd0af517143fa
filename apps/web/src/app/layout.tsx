import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from '../client/providers.tsx';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { ResearchUseNotice } from '../components/research-use-notice.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: 'MeWM — treatment planning (research use only)',
  description: `Medical world model for tumour treatment planning: ${RESEARCH_USE_LABEL}`,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/" className="brand">MeWM</Link>
          <ResearchUseNotice />
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
        <footer><ResearchUseNotice /></footer>
      </body>
    </html>
  );
}
