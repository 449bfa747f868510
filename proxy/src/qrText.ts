// A QR code for the terminal: two module rows per text line with half blocks, so a phone can scan the
// start banner. With ANSI colours the code is dark on light whatever the terminal's theme; without (the
// journal, a file) light modules are drawn, which reads right on the usual dark terminal.
import qrcode from 'qrcode-generator';

/** The QR modules (true = dark) of `text`, error correction M, the smallest version that holds it. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

const QUIET = 2;
const ANSI_ON = '\x1b[30;107m';
const ANSI_OFF = '\x1b[0m';

/** Text lines drawing `modules` with a light quiet zone. */
export function qrLines(modules: boolean[][], { ansi }: { ansi: boolean }): string[] {
  const n = modules.length;
  const size = n + 2 * QUIET;
  const dark = (r: number, c: number): boolean => {
    const rr = r - QUIET;
    const cc = c - QUIET;
    return rr >= 0 && rr < n && cc >= 0 && cc < n && modules[rr]![cc]!;
  };
  const lines: string[] = [];
  for (let r = 0; r < size; r += 2) {
    let line = '';
    for (let c = 0; c < size; c++) {
      // The drawn "ink" is the dark modules on a light background (ANSI), else the light ones.
      const top = dark(r, c) === ansi;
      const bottom = r + 1 < size ? dark(r + 1, c) === ansi : !ansi;
      line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
    }
    lines.push(ansi ? `${ANSI_ON}${line}${ANSI_OFF}` : line);
  }
  return lines;
}
