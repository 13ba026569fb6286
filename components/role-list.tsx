export function RoleList({ roles }: { roles: string[] }) {
  if (roles.length === 0) return <span className="text-slate-500">none</span>;
  return (
    <ul className="flex flex-wrap gap-2" data-testid="user-roles">
      {roles.map((role) => (
        <li key={role} className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">
          {role}
        </li>
      ))}
    </ul>
  );
}
