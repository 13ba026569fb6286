import { connection } from 'next/server';

/** Next 16 alone: a page rendered on every request, with no component of the app's. */
export default async function EmptyPage() {
  await connection();
  return <h1>Hello</h1>;
}
