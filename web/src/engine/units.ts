/**
 * Sizes as the docker CLI prints them (github.com/docker/go-units): `BytesSize` in binary units with four
 * significant digits ("1.953MiB", "7.772GiB"; docker stats' memory), `HumanSizeWithPrecision` in decimal
 * units ("1.2kB", "648B"; docker stats' network and block I/O use precision 3), and the percentages of
 * docker stats ("12.34%"). Pure.
 */

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Go's %.Ng: N significant digits, trailing zeros dropped. */
function goG(value: number, precision: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= precision) {
    // Go writes e+04 with two exponent digits at least.
    const [mantissa, exp] = value.toExponential(precision - 1).split('e');
    const m = mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa!;
    const e = Number(exp);
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(Number(value.toPrecision(precision)));
}

function customSize(size: number, precision: number, base: number, units: readonly string[], rollover = false): string {
  if (!Number.isFinite(size)) return '—';
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  let text = goG(size, precision);
  // Lists: a size rounded up to the base ("1000kB") reads as the next unit ("1MB"); docker stats keeps Go's.
  if (rollover && Number(text) >= base && i < units.length - 1) {
    size /= base;
    i++;
    text = goG(size, precision);
  }
  return `${text}${units[i]}`;
}

/** go-units BytesSize: "1.953MiB". */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 4, 1024, BINARY);
}

/** go-units HumanSizeWithPrecision: "1.2kB" (docker stats uses precision 3 for I/O; HumanSize is 4). */
export function humanSize(bytes: number, precision = 4): string {
  return customSize(bytes, precision, 1000, DECIMAL);
}

/** docker stats' "%.2f%%". */
export function percent(value: number): string {
  return `${(Number.isFinite(value) ? value : 0).toFixed(2)}%`;
}

/** `docker images` sizes (HumanSizeWithPrecision(size, 3)): 1000 → "1kB", 7_054_125 → "7.05MB"; "—" for no size. */
export function formatBytes(bytes: number): string {
  return Number.isFinite(bytes) && bytes >= 0 ? customSize(bytes, 3, 1000, DECIMAL, true) : '—';
}
