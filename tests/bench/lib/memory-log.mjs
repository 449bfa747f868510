// Bench only (tests/bench/memory.ts): loaded into a proxy child with `--import` when PORTHOLE_BENCH_MEMLOG
// names a file. Appends process.memoryUsage() and the anonymous part of the RSS every 100 ms, so the
// benchmark can say where the RSS goes (JavaScript heap, buffers, or memory node does not count). Plain
// JavaScript: the child stays a plain node process.
import { appendFileSync, readFileSync } from 'node:fs';

const file = process.env.PORTHOLE_BENCH_MEMLOG;
const anonKiB = () => Number(/^RssAnon:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
if (file) {
  setInterval(() => {
    const m = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), rss: m.rss, anon: anonKiB() * 1024, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
  }, 100).unref();
}
