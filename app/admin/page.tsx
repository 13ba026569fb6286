import type { Metadata } from 'next';
import { AdminReport } from '@/components/admin-report';
import { DetailsList } from '@/components/details-list';
import { RoleList } from '@/components/role-list';
import { LiveTime } from '@/components/session-clock';
import { card, code, dangerButton } from '@/components/ui';
import { nowSeconds, requireRole, toView } from '@/lib/auth';
import { callApiForSession } from '@/lib/bff';
import { apiTable } from '../api-table';
import { demoUsers } from '../demo-users';
import { knownPeople, type Person } from '../people';
import { signOutPersonEverywhere } from './actions';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ ended?: string | string[] }> }) {
  const session = await requireRole('admin', '/admin');
  const { ended } = await searchParams;
  // Back from "Sign out everywhere": named from our own records, never from the URL's text.
  const endedPerson = typeof ended === 'string' ? knownPeople().find((person) => `${person.provider} ${person.sub}` === ended) : undefined;
  const view = toView(session);
  const now = nowSeconds();
  // On the server, with the person's own access token: the browser gets the figures, not the token.
  const report = await callApiForSession(apiTable, 'reports', session);
  const localProvider = demoUsers().length > 0;
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
        <p className="text-slate-600 dark:text-slate-300">
          Only people with the <code className={code}>admin</code> role reach this page: the server checks the role before it renders (<code className={code}>requireRole</code>), and others get a 403 page.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="report-heading" className={`${card} space-y-4 p-5 sm:p-6`}>
          <div>
            <h2 id="report-heading" className="text-lg font-semibold">
              This week’s report
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">From the demo API, which needs the admin role in the access token too.</p>
          </div>
          <AdminReport result={report} />
        </section>
        <section aria-labelledby="claims-heading" className={`${card} space-y-4 p-5 sm:p-6`}>
          <div>
            <h2 id="claims-heading" className="text-lg font-semibold">
              Your session, as the server holds it
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">The claims this app kept from your ID token. The tokens are in the session too, sealed; no page renders them.</p>
          </div>
          <DetailsList
            items={[
              { label: 'Name', value: <span data-testid="admin-user">{session.user.name ?? session.user.sub}</span> },
              { label: 'Email', value: session.user.email ?? '—' },
              { label: 'Subject (sub)', value: <span className="font-mono text-xs">{session.user.sub}</span> },
              { label: 'Roles', value: <RoleList roles={session.user.roles} /> },
              { label: 'Provider', value: `${view.providerLabel} (${view.provider})` },
              { label: 'Issuer (iss)', value: <span className="font-mono text-xs">{session.issuer}</span> },
              { label: 'Session ends', value: <LiveTime at={view.sessionExpiresAt} now={now} /> },
            ]}
          />
        </section>
      </div>
      <section aria-labelledby="people-heading" className={`${card} space-y-4 p-5 sm:p-6`}>
        <div>
          <h2 id="people-heading" className="text-lg font-semibold">
            People who signed in
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            Recorded by the app’s sign-in hook (<code className={code}>app/auth-hooks.ts</code>) in this server’s memory, where a real app would link the provider’s person to its own user table.
          </p>
        </div>
        {endedPerson ? (
          <p role="status" data-testid="sessions-ended" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            Every session of {endedPerson.name ?? endedPerson.sub} in this app has ended: their next request asks them to sign in.
          </p>
        ) : null}
        <PeopleTable now={now} you={`${session.provider} ${session.user.sub}`} />
        <h3 className="pt-2 font-semibold">Ending someone else’s sessions</h3>
        <p className="text-sm leading-6 text-slate-600 dark:text-slate-300">
          <em>Sign out everywhere</em> ends every session of that person in this app, on every instance (<code className={code}>endSessionsOf</code> records them as ended; their sealed cookies are refused from then on). It does not end their session at the provider, where they could sign in again at once: for that, sign them out there too (in Keycloak, the user’s Sessions tab), and its back-channel logout reaches this app as well.
        </p>
        {localProvider ? (
          <p className="text-sm leading-6 text-slate-600 dark:text-slate-300">
            With the local provider, play that part from a terminal: <code className={`${code} break-all`}>curl -X POST {new URL(session.issuer).origin}/__dev/logout?username=bob</code>
          </p>
        ) : null}
      </section>
    </div>
  );
}

function PeopleTable({ now, you }: { now: number; you: string }) {
  const people = knownPeople();
  if (people.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No sign-in recorded since this server started.</p>;
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800" tabIndex={0} role="region" aria-labelledby="people-heading">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-semibold">
              Person
            </th>
            {/* On a phone: who, when, and the action; the rest needs the width. */}
            <th scope="col" className="px-4 py-2.5 font-semibold max-sm:hidden">
              Provider
            </th>
            <th scope="col" className="px-4 py-2.5 text-right font-semibold whitespace-nowrap max-sm:hidden">
              Sign-ins
            </th>
            <th scope="col" className="px-4 py-2.5 font-semibold whitespace-nowrap">
              Last seen
            </th>
            <th scope="col" className="px-4 py-2.5 font-semibold">
              <span className="sr-only">Sessions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {people.map((person) => (
            <tr key={`${person.provider} ${person.sub}`}>
              <th scope="row" className="px-4 py-2.5 font-medium max-sm:px-3">
                {person.name ?? person.sub}
              </th>
              <td className="px-4 py-2.5 max-sm:hidden">{person.provider}</td>
              <td className="px-4 py-2.5 text-right tabular-nums max-sm:hidden">{person.signIns}</td>
              <td className="px-4 py-2.5 whitespace-nowrap max-sm:px-2">
                <LiveTime at={Math.floor(Date.parse(person.lastSeen) / 1000)} now={now} past compact />
              </td>
              <td className="px-4 py-2 text-right max-sm:px-3">{`${person.provider} ${person.sub}` === you ? <span className="text-xs text-slate-600 dark:text-slate-400">you</span> : <EndSessionsButton person={person} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A plain form: works without JavaScript, as the app's own sign-out buttons do. */
function EndSessionsButton({ person }: { person: Person }) {
  return (
    <form action={signOutPersonEverywhere}>
      <input type="hidden" name="provider" value={person.provider} />
      <input type="hidden" name="sub" value={person.sub} />
      <button type="submit" className={`${dangerButton} px-3 py-1.5 text-xs`} aria-label={`Sign ${person.name ?? person.sub} out everywhere`}>
        Sign out<span className="max-sm:hidden"> everywhere</span>
      </button>
    </form>
  );
}
