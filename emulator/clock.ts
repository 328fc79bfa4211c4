/**
 * The emulator's clock. By default it follows real time, so a person can watch a job run; tests freeze it and
 * move it by hand (`POST /_emulator/clock`), so a 30 s job takes no time at all.
 */
export class EmulatorClock {
  #offsetMs = 0;
  #frozenAt: number | undefined;

  constructor(options: { frozenAt?: number } = {}) {
    this.#frozenAt = options.frozenAt;
  }

  now(): number {
    return this.#frozenAt ?? Date.now() + this.#offsetMs;
  }

  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }

  advance(ms: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt += ms;
    else this.#offsetMs += ms;
  }

  /** Jumps to `ms`; time never runs backwards, since jobs already moved on. */
  set(ms: number): void {
    const target = Math.max(ms, this.now());
    if (this.#frozenAt !== undefined) this.#frozenAt = target;
    else this.#offsetMs = target - Date.now();
  }

  freeze(): void {
    this.#frozenAt = this.now();
  }

  unfreeze(): void {
    if (this.#frozenAt === undefined) return;
    this.#offsetMs = this.#frozenAt - Date.now();
    this.#frozenAt = undefined;
  }
}

/** A small seeded PRNG (mulberry32), so fault injection at a rate is repeatable in tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
