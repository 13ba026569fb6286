'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * The header's links, with the current page marked (aria-current) for sight and screen readers.
 * A client component only because the root layout cannot know the path it is rendered for.
 */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {links.map(({ href, label }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? 'page' : undefined}
              className="relative whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:text-indigo-700 aria-[current=page]:after:absolute aria-[current=page]:after:inset-x-2.5 aria-[current=page]:after:-bottom-[0.6rem] aria-[current=page]:after:h-0.5 aria-[current=page]:after:rounded-full aria-[current=page]:after:bg-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white dark:aria-[current=page]:text-indigo-300 dark:aria-[current=page]:after:bg-indigo-400"
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
