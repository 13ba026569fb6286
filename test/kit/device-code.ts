import { CookieJar, get, post } from './http';

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([\w-]+)" value="([^"]*)"\/?>/g)) fields[match[1]!] = match[2]!;
  return fields;
}

/**
 * What a person does with `npm run device-login`'s link at the local provider: open it, confirm
 * the code (or deny), and sign in. Posts each form the provider serves, as a browser would (the
 * first one submits itself with JavaScript). Returns the last page's status and text; a flow
 * that has not finished after 6 pages is an error.
 */
export async function answerDeviceCode(verificationUriComplete: string, answer: { approveAs: string } | 'deny'): Promise<{ status: number; text: string }> {
  const jar = new CookieJar();
  const submit = (url: string, fields: Record<string, string>) => post(url, { jar, form: fields, follow: true });
  let page = await get(verificationUriComplete, { jar, follow: true });
  for (let step = 0; step < 6; step++) {
    const path = new URL(page.url).pathname;
    if (/\/interaction\/[\w-]+$/.test(path) && answer !== 'deny') {
      page = await submit(new URL(`${path}/login`, page.url).href, { username: answer.approveAs, password: answer.approveAs });
      continue;
    }
    const form = /<form[^>]*method="post"[^>]*action="([^"]+)"/.exec(page.body);
    if (!form?.[1] || page.status !== 200) return { status: page.status, text: page.body };
    if (answer === 'deny' && page.body.includes('op.deviceConfirmForm')) {
      const denied = await submit(new URL(form[1], page.url).href, { ...hiddenInputs(page.body), abort: 'yes' });
      return { status: denied.status, text: denied.body };
    }
    page = await submit(new URL(form[1], page.url).href, hiddenInputs(page.body));
  }
  throw new Error('the device verification did not finish in 6 steps');
}
