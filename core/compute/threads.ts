// How many compute worker threads to start by default: one per core the process may use.
import { availableParallelism } from 'node:os';

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}
