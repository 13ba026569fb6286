/** Demo people of the local provider. Passwords are printed on its login page on purpose. */
export interface DemoAccount {
  username: string;
  password: string;
  sub: string;
  name: string;
  email: string;
  roles: string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'alice', password: 'alice', sub: 'a1f3c2d4-0000-4000-8000-000000000001', name: 'Alice Example', email: 'alice@example.com', roles: ['admin', 'user'] },
  { username: 'bob', password: 'bob', sub: 'b2e4d3c5-0000-4000-8000-000000000002', name: 'Bob Example', email: 'bob@example.com', roles: ['user'] },
];

export function accountBySub(sub: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.sub === sub);
}

export function authenticate(username: string, password: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.username === username && account.password === password);
}
