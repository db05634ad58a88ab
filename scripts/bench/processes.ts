/**
 * Local processes for the Redis proof-queue tests and `npm run bench:provers`: a redis-server of their own on a free
 * loopback port (restartable, to lose everything it held), `npm run prover` processes whose pino lines are kept, and
 * the peak memory (Linux VmHWM) of a process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

export class RedisUnavailableError extends Error {
  constructor(detail: string) {
    super(`cannot start redis-server: ${detail} (install Debian's redis-server, as .ci/run does)`);
    this.name = "RedisUnavailableError";
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; free again once this returns). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const untilExit = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));

/** Peak resident memory of process `pid` in bytes (Linux /proc VmHWM); undefined where /proc cannot tell. */
export function peakRss(pid: number | "self" = "self"): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) process `pid` has used; undefined where /proc cannot tell. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // fields after the parenthesized command name; utime and stime are the 12th and 13th, in ticks of 1/100 s (Linux USER_HZ)
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Restarts this process's peak-RSS count from its current RSS (Linux clear_refs 5); false where that is refused. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

export interface LocalRedis {
  url: string;
  /** SIGKILLs the server and starts a new one on the same port: without persistence, every job and event is gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server without persistence on a free port; RedisUnavailableError when it cannot run. */
export async function startRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const launch = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const timer = setTimeout(() => (child.kill("SIGKILL"), reject(new RedisUnavailableError(`not ready within 5 s on port ${port}:\n${output}`))), 5_000);
      child.once("error", (error) => (clearTimeout(timer), reject(new RedisUnavailableError(error.message))));
      child.once("exit", (code) => (clearTimeout(timer), reject(new RedisUnavailableError(`exited (${code}):\n${output}`))));
      child.stdout!.on("data", (data: Buffer) => {
        output += data.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve(child);
        }
      });
    });
  let child = await launch();
  const stop = async () => {
    child.kill("SIGKILL");
    await untilExit(child);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop();
      child = await launch();
    },
    stop,
  };
}

export interface ProverProcess {
  child: ChildProcess;
  output(): string;
  /** Pino lines with message `msg` about `batch`. */
  said(msg: string, batch: number): number;
  /** Lines with message `msg`, any batch. */
  count(msg: string): number;
  /** Peak RSS of the process so far, in bytes (read before `stop`). */
  peakRss(): number | undefined;
  /** CPU seconds the process has used so far (read before `stop`). */
  cpuSeconds(): number | undefined;
  /** SIGTERM (jobs in progress finish), then the exit. */
  stop(): Promise<void>;
}

export interface ProverProcessOptions {
  queueName: string;
  lockMs?: number;
  concurrency?: number;
  /** Kernel threads of each proof (ZKEVM_THREADS); 1 keeps processes from competing inside one proof. */
  threads?: number;
}

/** Spawns `node/prover/cli.ts` on `url` and resolves once it is ready to take jobs. */
export const spawnProver = (url: string, options: ProverProcessOptions): Promise<ProverProcess> =>
  new Promise((resolve, reject) => {
    const args = ["--require", "tsx/cjs", "node/prover/cli.ts", "--queue", url, "--queue-name", options.queueName, "--concurrency", String(options.concurrency ?? 1)];
    if (options.lockMs !== undefined) args.push("--lock-ms", String(options.lockMs));
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ZKEVM_THREADS: String(options.threads ?? 1) } });
    let output = "";
    const lines = () => output.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string; batch?: number });
    const prover: ProverProcess = {
      child,
      output: () => output,
      said: (msg, batch) => lines().filter((l) => l.msg === msg && l.batch === batch).length,
      count: (msg) => lines().filter((l) => l.msg === msg).length,
      peakRss: () => (child.pid === undefined ? undefined : peakRss(child.pid)),
      cpuSeconds: () => (child.pid === undefined ? undefined : cpuSeconds(child.pid)),
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        await untilExit(child);
      },
    };
    const timer = setTimeout(() => reject(new Error(`prover did not start within 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes('"msg":"prover ready"')) {
        clearTimeout(timer);
        resolve(prover);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`prover exited (${code}) before it was ready:\n${output}`)));
  });
