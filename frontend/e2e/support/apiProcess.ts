import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { frontendDir, outputDir, repoRoot } from './paths';

export interface RunningApi {
  url: string;
  admin: { email: string; password: string };
  lowStockThreshold: number;
  stop: () => Promise<void>;
}

/** A port nobody holds now (the OS picks it), so runs beside other servers on this machine do not collide. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

// Settings the runner's own environment could carry into the API and change what it does.
const inherited = /^(ASPNETCORE_|DOTNET_ENVIRONMENT|DOTNET_URLS|URLS$|Cluster__|Api__|Jwt__|Admin__|Redis__|Kestrel__|Logging__|RateLimit__|Cors__|Frontend__|Analytics__|Catalog__|PORT$|JWT_|ADMIN_|REDIS_|RABBITMQ_|MONGO_|LOW_STOCK_|RATE_LIMIT_|WS_CORS_|ANALYTICS_|CACHE_TTL|EMAIL_)/;

function apiDll(): string {
  const configuration = process.env.E2E_CONFIGURATION ?? 'Debug';
  const dll = process.env.E2E_API_DLL ?? join(repoRoot, 'src', 'Api', 'bin', configuration, 'net10.0', 'EcommerceBackend.Api.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: build the API first (dotnet build src/Api), or set E2E_API_DLL.`);
  }
  return dll;
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The API exited with ${child.exitCode} before it was healthy:\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API was not healthy within ${timeoutMs / 1000} s:\n${log()}`);
}

/** Starts the built API in embedded mode on free ports, serving frontend/dist, and waits for /api/health. */
export async function startApi(): Promise<RunningApi> {
  const dist = join(frontendDir, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html does not exist: run npm run build first.`);
  }
  const dll = apiDll();
  const [port, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const admin = { email: `admin-${randomBytes(4).toString('hex')}@e2e.example`, password: 'E2e-Admin-Passw0rd' };
  const lowStockThreshold = 5;
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !inherited.test(key)));
  Object.assign(env, {
    DOTNET_ENVIRONMENT: 'Production',
    ASPNETCORE_ENVIRONMENT: 'Production',
    PORT: String(port),
    Cluster__SiloPort: String(siloPort),
    Cluster__GatewayPort: String(gatewayPort),
    Cluster__ClusterId: `e2e-${randomBytes(6).toString('hex')}`,
    JWT_SECRET: randomBytes(48).toString('base64'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOW_STOCK_THRESHOLD: String(lowStockThreshold),
    ANALYTICS_REFRESH_INTERVAL: '200',
    CACHE_TTL: '0',
    // Every suite registers and logs in from 127.0.0.1, more than the login limit (10 a minute) allows.
    RateLimit__LoginPermitLimit: '10000000',
    Frontend__Path: dist,
    Logging__LogLevel__Default: 'Warning',
    Logging__LogLevel__Orleans: 'Error',
  });

  const logFile = join(outputDir, 'api.log');
  const logStream = createWriteStream(logFile);
  let recent = '';
  const child = spawn('dotnet', [dll], { env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    logStream.write(chunk);
    recent = (recent + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const url = `http://localhost:${port}`;
  try {
    await waitForHealth(url, child, () => recent);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    url,
    admin,
    lowStockThreshold,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) {
          logStream.end(done);
          return;
        }
        child.once('exit', () => logStream.end(done));
        child.kill('SIGTERM');
        // A host that does not stop in time is killed: the run must end.
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}
