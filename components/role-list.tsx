export function RoleList({ roles }: { roles: string[] }) {
  if (roles.length === 0) return <span className="text-slate-600 dark:text-slate-400">none</span>;
  return (
    <ul className="flex flex-wrap gap-1.5" data-testid="user-roles">
      {roles.map((role) => (
        <li key={role} className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-200">
          {role}
        </li>
      ))}
    </ul>
  );
}
