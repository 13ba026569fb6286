import type { ReactNode } from 'react';

/** The least a Next 16 root layout can be. */
export default function BareLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
