/** Progress bars of the jobs being proven, one per batch, on a TTY (cli-progress; nothing is drawn elsewhere). */
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { JobProgress } from "../batcher/prover.js";

export class ProgressBars {
  private readonly multi: MultiBar;
  private readonly bars = new Map<number, SingleBar>();

  constructor(stream: NodeJS.WritableStream = process.stderr) {
    this.multi = new MultiBar({ format: "batch {batch} [{bar}] {percentage}% | {phase} (attempt {attempt})", hideCursor: true, stream, fps: 5 }, Presets.shades_classic);
  }

  update(batch: number, progress: JobProgress): void {
    let bar = this.bars.get(batch);
    if (bar === undefined) this.bars.set(batch, (bar = this.multi.create(100, 0, { batch, phase: progress.phase, attempt: progress.attempt })));
    // an unknown fraction (first proof of a circuit) keeps the bar where it is and updates the phase
    const value = progress.fraction === null ? bar.getProgress() * 100 : Math.round(progress.fraction * 100);
    bar.update(value, { batch, phase: progress.phase, attempt: progress.attempt });
  }

  finish(batch: number): void {
    const bar = this.bars.get(batch);
    if (bar === undefined) return;
    this.bars.delete(batch);
    this.multi.remove(bar);
  }

  stop(): void {
    this.multi.stop();
  }
}
