import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** A node started as a separate OS process (`node --require tsx/cjs node/cli.ts`), for crash and fuzz tests. */
export interface ChildNode {
  url: string;
  process: ChildProcess;
  /** Everything the node wrote to stdout/stderr (pino JSON lines). */
  output(): string;
  /** `kill -9`: no shutdown handler runs, the OS reclaims everything (LevelDB lock included). */
  kill9(): Promise<void>;
  /** SIGTERM: the node shuts down gracefully (and writes a `--cpu-prof` profile); resolves on exit. */
  terminate(): Promise<void>;
  /** True while the process has neither exited nor been killed by a signal. */
  alive(): boolean;
}

/** Seeded PRNG (mulberry32): the same seed gives the same sequence of numbers in [0, 1). */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Spawns the node CLI on a free port with `args` (e.g. `--data-dir`, `--block-time`) and Node.js flags
 * `runtimeArgs` (e.g. `--cpu-prof`), and resolves once its JSON-RPC server listens (the URL is read from the
 * "JSON-RPC server listening" log line).
 */
export const spawnNode = (args: string[], timeoutMs = 20_000, runtimeArgs: string[] = []): Promise<ChildNode> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...runtimeArgs, "--require", "tsx/cjs", "node/cli.ts", "--port", "0", "--no-prove", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let url: string | undefined;
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const node: ChildNode = {
      get url() {
        return url!;
      },
      process: child,
      output: () => output,
      alive: () => child.exitCode === null && child.signalCode === null,
      kill9: async () => {
        if (node.alive()) child.kill("SIGKILL");
        await exited;
      },
      terminate: async () => {
        if (node.alive()) child.kill("SIGTERM");
        await exited;
      },
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the node did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (url !== undefined) return;
      const match = /"url":"(http:\/\/[^"]+)","msg":"JSON-RPC server listening"/.exec(output);
      if (match !== null) {
        url = match[1];
        clearTimeout(timer);
        resolve(node);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      if (url === undefined) {
        clearTimeout(timer);
        reject(new Error(`the node exited (${code ?? signal}) before listening:\n${output}`));
      }
    });
  });
