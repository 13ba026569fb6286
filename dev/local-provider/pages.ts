import { DEMO_ACCOUNTS } from './accounts';

/** Escapes text for HTML element and attribute content. */
export function html(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The local provider's look: the app's palette and font, light and dark (prefers-color-scheme,
 * as the app does, so no white flash between their pages). Controls inherit the page font.
 */
const STYLE = `:root{color-scheme:light dark;--bg:#f1f5f9;--card:#fff;--line:#e2e8f0;--text:#0f172a;--muted:#475569;--field:#fff;--field-line:#94a3b8;--accent:#4f46e5;--accent-hover:#4338ca;--ring:#4f46e5;--badge-bg:#fef3c7;--badge:#78350f;--error:#b91c1c;--error-bg:#fef2f2;--code-bg:#f1f5f9}
@media (prefers-color-scheme:dark){:root{--bg:#020617;--card:#0f172a;--line:#1e293b;--text:#f1f5f9;--muted:#cbd5e1;--field:#020617;--field-line:#64748b;--ring:#818cf8;--badge-bg:#451a03;--badge:#fde68a;--error:#fca5a5;--error-bg:#450a0a;--code-bg:#1e293b}}
*{box-sizing:border-box}
body{margin:0;min-height:100dvh;padding:48px 16px;background:var(--bg);color:var(--text);font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:400px;margin:0 auto;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 6px;text-wrap:balance}p{color:var(--muted);margin:0 0 16px;font-size:.9375rem}
label{display:block;font-size:.875rem;font-weight:600;margin:14px 0 6px}
input,button{font:inherit}
input[type=text],input[type=password],input:not([type]){width:100%;padding:9px 11px;border:1px solid var(--field-line);border-radius:8px;background:var(--field);color:var(--text)}
input:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
button{display:block;width:100%;margin-top:20px;padding:10px 16px;border:0;border-radius:8px;background:var(--accent);color:#fff;font-weight:600;cursor:pointer}
button:hover{background:var(--accent-hover)}
button.secondary{width:auto;margin:12px auto 0;padding:6px 12px;background:transparent;color:var(--muted);font-size:.875rem;font-weight:500;text-decoration:underline;text-underline-offset:3px}
button.secondary:hover{color:var(--text);background:transparent}
.error{color:var(--error);background:var(--error-bg);border-radius:8px;padding:10px 12px;font-weight:600}
.badge{display:inline-block;font-size:.75rem;font-weight:600;background:var(--badge-bg);color:var(--badge);border-radius:999px;padding:2px 10px;margin-bottom:14px}
table{width:100%;border-collapse:collapse;font-size:.875rem;margin-top:24px}caption{text-align:left;font-weight:600;padding-bottom:6px}
th,td{text-align:left;padding:8px 10px;border-top:1px solid var(--line);vertical-align:top}th{font-size:.75rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
td:first-child,th:first-child{padding-left:0}td:last-child,th:last-child{padding-right:0}td em{color:var(--muted)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code-bg);border-radius:6px;padding:1px 6px}
.user-code{display:block;margin:0 0 16px;padding:12px;text-align:center;font-size:1.75rem;font-weight:700;letter-spacing:.12em;color:var(--text)}
.actions{margin-top:4px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${html(title)}</title><link rel="icon" href="/favicon.ico"><style>${STYLE}</style></head><body><main><span class="badge">Local development provider</span>${body}</main></body></html>`;
}

export function loginPage(options: { title: string; action: string; abort: string; clientId: string; error?: string; username?: string }): string {
  const rows = DEMO_ACCOUNTS.map(
    (account) => `<tr><td><code>${html(account.username)}</code></td><td><code>${html(account.password)}</code></td><td>${html(account.roles.join(', '))}${account.note ? `<br><em>${html(account.note)}</em>` : ''}</td></tr>`,
  ).join('');
  return page(
    `${options.title}`,
    `<h1>${html(options.title)}</h1><p>to continue to <strong>${html(options.clientId)}</strong></p>
${options.error ? `<p class="error" role="alert">${html(options.error)}</p>` : ''}
<form method="post" action="${html(options.action)}" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" required autofocus value="${html(options.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<form method="post" action="${html(options.abort)}"><button type="submit" class="secondary">Cancel</button></form>
<table><caption>Demo users</caption><thead><tr><th scope="col">User</th><th scope="col">Password</th><th scope="col">Roles</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/** Like Keycloak: with a valid id_token_hint the sign-out proceeds at once, otherwise it asks. */
export function logoutPage(form: string, confirmAutomatically: boolean): string {
  return page(
    'Sign out · Demo realm',
    `<h1>Sign out of the demo realm?</h1><p>You will be signed out of every app that uses it.</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" id="confirm-logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>
${confirmAutomatically ? `<script>document.getElementById('confirm-logout').click()</script>` : ''}`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${html(title)}</h1><p>${html(message)}</p>`);
}

/**
 * RFC 8628 3.3: where the person types the code their device shows. oidc-provider builds the
 * form; its code field has only a placeholder, so it gets a label here (WCAG 1.3.1, 4.1.2).
 */
export function deviceCodePage(form: string, message?: { text: string; tone: 'error' | 'info' }): string {
  const labelled = form.replace(/<input(\s[^>]*?type="text"[^>]*?name="user_code")/, '<label for="user-code-input">Code</label><input id="user-code-input"$1');
  return page(
    'Connect a device · Demo realm',
    `<h1>Connect a device</h1><p>Enter the code shown in your terminal.</p>${message ? `<p class="${message.tone === 'error' ? 'error' : ''}" role="${message.tone === 'error' ? 'alert' : 'status'}">${html(message.text)}</p>` : ''}${labelled}
<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** RFC 8628 5.4: the person confirms the code matches, so a phished code is not approved blindly. */
export function deviceConfirmPage(form: string, clientName: string, userCode: string): string {
  return page(
    'Confirm the device · Demo realm',
    `<h1>Sign in <strong>${html(clientName)}</strong>?</h1><p>Only continue if your terminal shows this code:</p>
<code id="user-code" class="user-code">${html(userCode)}</code>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Yes, sign it in</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort" class="secondary">No, deny</button>`,
  );
}
