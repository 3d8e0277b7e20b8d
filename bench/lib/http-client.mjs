// The benches' HTTP client: node:http on a keep-alive agent. Built-in fetch (undici) cost about twice the CPU
// per request (0.6–0.8 ms more, client and server together, measured with a 610-row answer), and on a 2-core
// machine the load generator's CPU is taken from the system under test.
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

/** POST a JSON body; resolves with the status and the answer's text. Rejects only on network errors. */
export function postJson(endpoint, payload, headers = {}) {
  const url = new URL(endpoint);
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol],
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
