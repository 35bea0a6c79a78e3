// slowclients.mjs - a crowd of hostile clients for tests/cli/hostile.sh: COUNT connections from
// FROM to HOST:PORT, half of them slowloris (a request line, then one header line every 10 s,
// never the blank line that ends the headers), half silent (nothing at all), held for SECONDS.
// Prints "opened N, closed by the server M" at the end.
//
//   node slowclients.mjs HOST PORT FROM COUNT SECONDS
import net from "node:net";

const [host, port, from, count, seconds] = process.argv.slice(2);
let opened = 0, closed = 0;
const sockets = [];
for (let i = 0; i < Number(count); i++) {
  const s = net.connect({ host, port: Number(port), localAddress: from });
  s.on("connect", () => {
    opened++;
    if (i % 2 === 0) s.write("GET /healthz HTTP/1.1\r\nHost: klar\r\n");
  });
  s.on("close", () => { closed++; });
  s.on("error", () => {});
  sockets.push(s);
}
const drip = setInterval(() => {
  sockets.forEach((s, i) => { if (i % 2 === 0 && !s.destroyed) s.write(`X-Slow-${i}: yes\r\n`); });
}, 10000);
setTimeout(() => {
  clearInterval(drip);
  console.log(`opened ${opened}, closed by the server ${closed}`);
  sockets.forEach((s) => s.destroy());
  process.exit(0);
}, Number(seconds) * 1000);
