// Counts as people read them, the same in the host and the webview.

/**
 * 1234567 → "1,234,567", as `toLocaleString('en-US')` writes it, without loading ICU: the first
 * locale call costs about 80 ms, on the way to the first model request.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole = '', fraction] = String(Math.abs(Math.round(n * 1000) / 1000)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
