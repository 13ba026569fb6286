import type { DemoUser } from '@/app/demo-users';
import { RoleList } from './role-list';
import { card, code } from './ui';

/** The local provider's demo people: who to sign in as, and what each one shows. */
export function DemoUsersTable({ users }: { users: DemoUser[] }) {
  return (
    <div className={`${card} overflow-hidden`}>
      <table className="w-full text-left text-sm">
        <caption className="border-b border-slate-200 px-5 py-4 text-left dark:border-slate-800">
          <span className="block font-semibold">Demo users</span>
          <span className="mt-1 block text-slate-600 dark:text-slate-400">The local provider’s people, for development only.</span>
        </caption>
        <thead className="bg-slate-50 text-xs tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-5 py-2.5 font-semibold">
              Username / password
            </th>
            <th scope="col" className="px-5 py-2.5 font-semibold">
              Roles and what to try
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {users.map((user) => (
            <tr key={user.username} className="align-top">
              <th scope="row" className="px-5 py-3 font-normal">
                <code className={code}>{user.username}</code> <span className="text-slate-500 dark:text-slate-400">/</span> <code className={code}>{user.password}</code>
              </th>
              <td className="px-5 py-3">
                <RoleList roles={user.roles} />
                <p className="mt-1.5 text-slate-600 dark:text-slate-400">{hint(user)}</p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The account's own note when it has one (carol, dave), else what its roles lead to. */
function hint(user: DemoUser): string {
  if (user.note) return `${user.note[0]?.toUpperCase()}${user.note.slice(1)}.`;
  return user.roles.includes('admin') ? 'Opens the admin page and its report.' : 'Gets a 403 page at /admin.';
}
