// The web gateway: the one address of `npm start` (the pages and both APIs). In docker/compose.yml nginx does this job.
import { join } from 'node:path';

import { loadConfig } from '@council/core';
import { projectRoot } from '@council/database';
import { createWebGateway } from '@council/gateway';

const config = loadConfig(process.env);
const local = (port: number) => new URL(`http://127.0.0.1:${port}`);
const server = createWebGateway({
  webRoot: join(projectRoot(), 'dist', 'web'),
  cityApi: local(config.ports.cityApi),
  districtApi: local(config.ports.districtApi),
});
server.listen(config.ports.web, () => {
  process.stdout.write(`web gateway listening on http://127.0.0.1:${config.ports.web}/\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Open WebSockets (a briefing screen) would hold close() forever.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
