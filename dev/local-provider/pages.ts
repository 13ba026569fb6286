import { DEMO_ACCOUNTS } from './accounts';

/** Escapes text for HTML element and attribute content. */
export function html(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;margin:0;padding:48px 16px}
main{max-width:380px;margin:0 auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 4px}p{color:#475569;margin:0 0 16px;font-size:.9rem}
label{display:block;font-size:.85rem;font-weight:600;margin:12px 0 4px}
input{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid #cbd5e1;border-radius:6px;font-size:1rem}
button{width:100%;margin-top:16px;padding:10px;border:0;border-radius:6px;background:#4f46e5;color:#fff;font-weight:600;font-size:1rem;cursor:pointer}
button.secondary{background:#e2e8f0;color:#0f172a}.error{color:#b91c1c;font-weight:600}
table{width:100%;border-collapse:collapse;font-size:.85rem;margin-top:20px}td,th{text-align:left;padding:4px 0;border-top:1px solid #e2e8f0}
.badge{display:inline-block;font-size:.7rem;background:#fef3c7;color:#92400e;border-radius:999px;padding:2px 8px;margin-bottom:12px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${html(title)}</title><style>${STYLE}</style></head><body><main><span class="badge">Local development provider</span>${body}</main></body></html>`;
}

export function loginPage(options: { title: string; action: string; abort: string; clientId: string; error?: string; username?: string }): string {
  const rows = DEMO_ACCOUNTS.map(
    (account) => `<tr><td>${html(account.username)}</td><td>${html(account.password)}</td><td>${html(account.roles.join(', '))}${account.note ? ` <em>(${html(account.note)})</em>` : ''}</td></tr>`,
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
<table><thead><tr><th>Demo user</th><th>Password</th><th>Roles</th></tr></thead><tbody>${rows}</tbody></table>`,
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

/** RFC 8628 3.3: where the person types the code their device shows. */
export function deviceCodePage(form: string, error?: string): string {
  return page(
    'Connect a device · Demo realm',
    `<h1>Connect a device</h1><p>Enter the code shown in your terminal.</p>${error ? `<p class="error" role="alert">${html(error)}</p>` : ''}${form}
<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** RFC 8628 5.4: the person confirms the code matches, so a phished code is not approved blindly. */
export function deviceConfirmPage(form: string, clientName: string, userCode: string): string {
  return page(
    'Confirm the device · Demo realm',
    `<h1>Sign in <strong>${html(clientName)}</strong>?</h1><p>Only continue if your terminal shows this code:</p>
<p><code id="user-code" style="font-size:1.5rem">${html(userCode)}</code></p>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Yes, sign it in</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort" class="secondary">No, deny</button>`,
  );
}
