// Number formatting for exercise text: thousands separators as the chapters write them (3,136), and one decimal
// of millions (29.5 M).
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const millions = (n: number, digits = 1): string => `${(n / 1e6).toFixed(digits)} M`;
/** A number as text, with a true minus sign (−1, not -1). */
export const num = (n: number): string => (n < 0 ? `−${-n}` : String(n));
