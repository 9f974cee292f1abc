// The two-method port through which a TemplateMiner saves and restores its state. The miner
// never does I/O itself: the daemon plugs in a file or a DuckDB row, tests the in-memory one.
export interface PersistencePort {
  save(state: string): void | Promise<void>;
  /** The last saved state, or null when nothing was saved yet. */
  load(): string | null | Promise<string | null>;
}

export class InMemoryPersistence implements PersistencePort {
  private state: string | null = null;
  save(state: string): void {
    this.state = state;
  }
  load(): string | null {
    return this.state;
  }
}
