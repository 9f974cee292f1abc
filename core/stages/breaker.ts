// A circuit breaker per stage: after `threshold` consecutive failures the stage is skipped for a
// cool-down that doubles on each further failure (capped), then one trial run decides.
export class CircuitBreaker {
  #failures = 0;
  #openUntil = 0;
  constructor(
    private readonly threshold = 5,
    private readonly baseCooldownMs = 60_000,
    private readonly maxCooldownMs = 3_600_000,
  ) {}

  get consecutiveFailures(): number {
    return this.#failures;
  }

  state(nowMs: number): 'closed' | 'open' | 'half-open' {
    if (this.#failures < this.threshold) return 'closed';
    return nowMs < this.#openUntil ? 'open' : 'half-open';
  }

  allows(nowMs: number): boolean {
    return this.state(nowMs) !== 'open';
  }

  success(): void {
    this.#failures = 0;
    this.#openUntil = 0;
  }

  failure(nowMs: number): void {
    this.#failures++;
    if (this.#failures >= this.threshold) {
      const doublings = Math.min(this.#failures - this.threshold, 16);
      this.#openUntil = nowMs + Math.min(this.baseCooldownMs * 2 ** doublings, this.maxCooldownMs);
    }
  }
}
