// Starts CongoDB (the MongoDB-wire server inside @push.rocks/smartmongo) for the store tests.
// No mongod can be installed here, so this in-memory server stands in for MongoDB on loopback.
//
// Usage: node scripts/congo-server.mjs <unpacked smartmongo package dir> <port> [pid file]
// services.sh unpacks the package under .services/congodb/ and passes its path here.
import { writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, portText, pidFile] = process.argv.slice(2);
if (!packageDir || !portText) {
  console.error('usage: node congo-server.mjs <smartmongo package dir> <port> [pid file]');
  process.exit(2);
}

const port = Number.parseInt(portText, 10);
const entry = pathToFileURL(join(resolve(packageDir), 'dist_ts', 'congodb', 'index.js')).href;
const { CongoServer } = await import(entry);

const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();

// The pid file is written only once the port is bound, so "pid file present" means "was listening".
if (pidFile) {
  writeFileSync(pidFile, `${process.pid}\n`);
}
console.log(`congodb listening on 127.0.0.1:${port} (pid ${process.pid})`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`congodb: ${signal}, stopping`);
  try {
    await server.stop();
  } finally {
    if (pidFile) rmSync(pidFile, { force: true });
    process.exit(0);
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
