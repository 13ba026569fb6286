/** Demo people of the local provider. Passwords are printed on its login page on purpose. */
export interface DemoAccount {
  username: string;
  password: string;
  sub: string;
  name: string;
  email: string;
  emailVerified: boolean;
  /** Google Workspace domain (the `hd` claim); absent for consumer accounts. */
  hostedDomain?: string;
  roles: string[];
  note?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'alice', password: 'alice', sub: 'a1f3c2d4-0000-4000-8000-000000000001', name: 'Alice Example', email: 'alice@example.com', emailVerified: true, hostedDomain: 'example.com', roles: ['admin', 'user'] },
  { username: 'bob', password: 'bob', sub: 'b2e4d3c5-0000-4000-8000-000000000002', name: 'Bob Example', email: 'bob@example.com', emailVerified: true, hostedDomain: 'example.com', roles: ['user'] },
  { username: 'carol', password: 'carol', sub: 'c3d5e4f6-0000-4000-8000-000000000003', name: 'Carol Unverified', email: 'carol@example.com', emailVerified: false, hostedDomain: 'example.com', roles: ['user'], note: 'email not verified' },
  { username: 'dave', password: 'dave', sub: 'd4e6f5a7-0000-4000-8000-000000000004', name: 'Dave Elsewhere', email: 'dave@other.example', emailVerified: true, hostedDomain: 'other.example', roles: ['user'], note: 'other Workspace domain' },
];

export function accountBySub(sub: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.sub === sub);
}

export function authenticate(username: string, password: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.username === username && account.password === password);
}
