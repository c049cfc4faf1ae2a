// SPDX-License-Identifier: MPL-2.0
import type { ReactNode } from 'react';

export const metadata = { title: 'Consumer app (Next.js)', icons: '/favicon.svg' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
