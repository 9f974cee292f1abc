// Entry of a compute worker thread. A worker does not inherit the TypeScript loader the CLI or the
// test runner registered, and it is started without their flags, so it registers tsx itself
// before loading the tasks.
import { register } from 'tsx/esm/api';

register();
await import('./worker-tasks.ts');
