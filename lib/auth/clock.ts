/** Epoch seconds. One function, so tests and logic agree on what "now" means. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Epoch seconds with millisecond precision: for ordering events within the same second. */
export function preciseSeconds(): number {
  return Date.now() / 1000;
}
