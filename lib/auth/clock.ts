/** Epoch seconds. One function, so tests and logic agree on what "now" means. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
